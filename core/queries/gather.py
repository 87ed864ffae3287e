"""Facts for questions about money: upcoming payments, history, and why something was flagged."""

from dataclasses import replace
from decimal import Decimal

from core.deps import Deps
from core.entities import User
from core.facts import Facts, Flagged, PastRun, Topic, Upcoming
from core.ports import UnitOfWork
from core.scheduling.series import UPCOMING_LIMIT
from core.states import PaymentStatus, RunStatus

LIST_LIMIT = 20


async def _name(uow: UnitOfWork, user_id: str) -> str:
    user = await uow.users.get(user_id)
    return user.name if user else "someone"


async def gather(
    deps: Deps, user: User, topic: "Topic", history_payee_id: str | None = None
) -> Facts:
    """Read the payer's balance and the one section ``topic`` is about (the rest stay empty).

    An answer, templated or model-written, is built from its topic's section alone, so reading
    the others would only cost queries on every question. ``user`` may come from an earlier
    unit: users are never changed once registered.
    """
    asset = deps.policy.default_asset
    async with deps.uow(read_only=True) as uow:
        funds = await uow.wallets.funds(user.id, asset)
        facts = Facts(user, funds[0] if funds else Decimal(0), asset)
        if topic == "upcoming":
            upcoming, more = await _upcoming(uow, user)
            return replace(facts, upcoming=upcoming, upcoming_more=more)
        if topic == "history":
            return replace(
                facts,
                history=await _history(uow, user, history_payee_id),
                history_payee=await _name(uow, history_payee_id) if history_payee_id else None,
            )
        if topic == "flagged":
            return replace(facts, flagged=await _latest_flag(uow, user))
        return facts


async def _upcoming(uow: UnitOfWork, user: User) -> tuple[tuple[Upcoming, ...], bool]:
    """The payer's scheduled payments soonest first, and whether there are more than listed."""
    # As many as /payments pages through (and one more, to know the count is a floor):
    # capped at LIST_LIMIT, "you have 20" was said to a payer with 30, the soonest unread.
    scheduled = await uow.payments.of_payer(user.id, [PaymentStatus.SCHEDULED], UPCOMING_LIMIT + 1)
    more = len(scheduled) > UPCOMING_LIMIT
    upcoming = []
    for payment in scheduled[:UPCOMING_LIMIT]:
        due = [
            r.scheduled_at
            for r in await uow.payments.runs_of(payment.id)
            if r.status is RunStatus.DUE
        ]
        runs = tuple(due) or tuple(payment.schedule.runs(1))
        upcoming.append(Upcoming(payment, await _name(uow, payment.payee_id), runs))
    return tuple(sorted(upcoming, key=lambda item: item.next_runs[0])), more


async def _history(uow: UnitOfWork, user: User, payee_id: str | None) -> tuple[PastRun, ...]:
    return tuple(
        [
            PastRun(
                payee=await _name(uow, payment.payee_id),
                amount=payment.amount,
                asset=payment.asset,
                at=run.executed_at or run.scheduled_at,
                succeeded=run.status is RunStatus.SUCCEEDED,
                reason=run.error,
            )
            for run, payment in await uow.payments.finished_for_payer(user.id, payee_id, LIST_LIMIT)
        ]
    )


async def _latest_flag(uow: UnitOfWork, user: User) -> Flagged | None:
    recent = await uow.payments.of_payer(user.id, list(PaymentStatus), LIST_LIMIT)
    for payment in recent:
        assessments = await uow.assessments.for_payment(payment.id)
        flagged = [a for a in assessments if a.reasons]
        if flagged:
            return Flagged(
                await _name(uow, payment.payee_id), payment.amount, payment.asset, flagged[-1]
            )
    return None
