"""Operator review of payments the guardian scored 75 or more."""

from dataclasses import dataclass

from core.audit import Actor, Door, payment_change
from core.deps import Deps
from core.entities import Payment, User
from core.errors import ConfirmationRefused
from core.payments.proposals import Proposal
from core.states import PaymentStatus


@dataclass(frozen=True)
class Reviewed:
    """An operator's decision; ``proposal`` is the payer's fresh card when approved."""

    payment: Payment
    payer: User
    payee: User
    approved: bool
    proposal: Proposal | None = None


def is_operator(deps: Deps, telegram_id: int) -> bool:
    """Operators are configured Telegram ids."""
    return telegram_id in deps.policy.operators


async def review(
    deps: Deps, payment_id: str, shown_hash: str, operator_telegram_id: int, approve: bool
) -> Reviewed:
    """Approve (the payer gets a normal confirmation card) or reject (final), exactly once."""
    if not is_operator(deps, operator_telegram_id):
        raise ConfirmationRefused("Only an operator can review payments.")
    now = deps.clock.now()
    async with deps.uow() as uow:
        payment = await uow.payments.get(payment_id)
        if payment is None or payment.details_hash != shown_hash:
            raise ConfirmationRefused("These details don't match the payment.")
        payer = await uow.users.get(payment.payer_id)
        payee = await uow.users.get(payment.payee_id)
        if payer is None or payee is None:
            raise ConfirmationRefused("I can't find the people on this payment.")
        if approve:
            moved = await uow.payments.reopen(payment.id, now + deps.policy.confirm_ttl)
        else:
            moved = await uow.payments.transition(
                payment.id, PaymentStatus.AWAITING_REVIEW, PaymentStatus.REJECTED
            )
        if not moved:  # compare-and-set: a second operator (or tap) finds it decided
            current = await uow.payments.get(payment.id)
            if current is not None and current.status is PaymentStatus.EXPIRED:
                raise ConfirmationRefused("This payment expired before anyone reviewed it.")
            raise ConfirmationRefused("This payment was already reviewed.")
        entry = payment_change(
            deps.ids,
            now,
            Actor.operator(operator_telegram_id),
            Door.TELEGRAM,
            payment.id,
            "approve" if approve else "reject",
            "awaiting_review",
            "awaiting_confirmation" if approve else "rejected",
        )
        await uow.audit.add([entry])
        await uow.commit()
        fresh = await uow.payments.get(payment.id) or payment
        assessments = [a for a in await uow.assessments.for_payment(payment.id) if a.run_id is None]
    proposal = None
    if approve and assessments:
        proposal = Proposal(fresh, payer, payee, assessments[0], tuple(fresh.schedule.runs(3)))
    return Reviewed(fresh, payer, payee, approve, proposal)
