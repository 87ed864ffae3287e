"""Asking for a payment, and answering its confirmation card."""

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from core.audit import Actor, AuditEntry, Door, payment_change
from core.confirmation import details_hash
from core.deps import Assessed, Deps, RiskRequest
from core.entities import Payment, RiskAssessment, RiskLevel, Run, User
from core.errors import (
    ConfirmationRefused,
    InsufficientFunds,
    InvalidAmount,
    NotRegistered,
    PaymentBlocked,
    SelfPayment,
    UnknownPayee,
)
from core.guardian.records import assessment_record
from core.intent import Contact, Intent, IntentContext
from core.money import format_amount, validate_amount
from core.names import quoted
from core.notices import Notice
from core.payments.operator_notices import for_operators
from core.payments.stepup import bound, needs_second_step
from core.people import NOT_REGISTERED
from core.ports import UnitOfWork
from core.schedule import Schedule
from core.scheduling.claim import claim_due_runs_in_transaction
from core.scheduling.tick import execute_claimed
from core.scheduling.types import EVERYONE, PAYEE_ONLY, Audience, Claimed, Execution, new_run
from core.states import PaymentStatus

log = logging.getLogger(__name__)
TWIN_WINDOW = timedelta(minutes=10)  # the same payment asked again this soon is asked "again?"
_TWIN_STATES = (PaymentStatus.SCHEDULED, PaymentStatus.COMPLETED, PaymentStatus.AWAITING_REVIEW)


@dataclass(frozen=True)
class Proposal:
    """A payment waiting for the payer's Confirm or Deny."""

    payment: Payment
    payer: User
    payee: User
    assessment: RiskAssessment
    next_runs: tuple[datetime, ...]
    twin: Payment | None = None  # the same payee and amount, confirmed a few minutes ago


@dataclass(frozen=True)
class Answered:
    """What a Confirm or Deny tap did."""

    payment: Payment
    payer: User
    payee: User
    confirmed: bool
    execution: Execution | None = None  # set when the first run executed at once
    second_step: bool = False  # step-up: Confirm was the first step; now type the amount
    processing: bool = False  # the run may have gone out but is not settled yet: a receipt follows


async def payer_in_context(
    deps: Deps, uow: UnitOfWork, telegram_id: int
) -> tuple[User, IntentContext]:
    """The registered payer and their parser context, both from the cached directory.

    One query (the directory's user count) when nobody has joined since the last message.
    """
    people = await deps.directory.people(uow)
    payer = people.by_telegram_id.get(telegram_id)
    if payer is None:
        raise NotRegistered(NOT_REGISTERED)
    return payer, _context(deps, payer, people.contacts)


def _context(deps: Deps, payer: User, contacts: tuple[Contact, ...]) -> IntentContext:
    # The payer is among the contacts, so that naming oneself resolves and is refused as a
    # self-payment rather than reported as an unknown person.
    return IntentContext(
        now=deps.clock.now(),
        timezone=payer.timezone,
        default_asset=deps.policy.default_asset,
        contacts=contacts,
    )


async def propose(
    deps: Deps, payer: User, intent: Intent, actor: Actor | None = None, door: Door = Door.TELEGRAM
) -> Proposal:
    """Validate a parsed pay intent, score it, and store it awaiting confirmation."""
    if intent.recipient is None:
        who = f" called {intent.recipient_text}" if intent.recipient_text else ""
        raise UnknownPayee(f"I don't know anyone{who}. They need to /start me first.")
    if intent.recipient == payer.id:
        raise SelfPayment("You can't pay yourself.")
    if intent.amount is None:
        raise InvalidAmount("How much should I send? Try: pay bob 10 usdc.")
    amount = validate_amount(intent.amount, intent.asset, deps.policy.per_payment_cap)
    now = deps.clock.now()
    schedule = intent.schedule or Schedule.once(now, payer.timezone)
    request = RiskRequest(
        payer.id,
        intent.recipient,
        amount,
        intent.asset,
        schedule,
        at=now,
        timezone=payer.timezone,
        parse_confidence=parse_confidence(intent),
    )
    assessed = await deps.guardian.assess(request)
    if assessed.features.available_balance < amount and not schedule.is_recurring:
        raise InsufficientFunds(
            f"You have {format_amount(assessed.features.available_balance, intent.asset)}"
            f" available, not enough for {format_amount(amount, intent.asset)}."
        )
    async with deps.uow() as uow:
        payee = await uow.users.get(intent.recipient)
        if payee is None:
            raise UnknownPayee("I don't know that person any more.")
        blocked = assessed.decision.level is RiskLevel.BLOCK and assessed.decision.hard
        status = _status_after(assessed, blocked)
        payment = _new_payment(deps, payer, payee, intent, amount, schedule, status, now)
        twin = await _recent_twin(uow, payment)
        await uow.payments.add(payment)
        by = actor or Actor.person(payer.telegram_id)
        entry = payment_change(deps.ids, now, by, door, payment.id, "propose", None, status.value)
        await uow.audit.add([entry])
        assessment = assessment_record(deps.ids.new_id(), payment.id, assessed, now)
        await uow.assessments.add_many([assessment])
        # In the payment's own transaction: a crash cannot leave a review nobody was asked for.
        told = for_operators(payment, payer, payee, assessment, deps.policy.operators)
        await uow.outbox.add(told, now)
        await uow.commit()
    if blocked:
        reasons = "; ".join(assessed.decision.reasons)
        raise PaymentBlocked(f"I can't make this payment: {reasons}.")
    return Proposal(payment, payer, payee, assessment, tuple(schedule.runs(3)), twin)


async def _recent_twin(uow: UnitOfWork, payment: Payment) -> Payment | None:
    """A one-off with the same payee, amount and asset the payer confirmed just before."""
    if payment.schedule.is_recurring:
        return None
    since = payment.created_at - TWIN_WINDOW
    for earlier in await uow.payments.of_payer(payment.payer_id, _TWIN_STATES, limit=20):
        same = (earlier.payee_id, earlier.amount, earlier.asset) == (
            payment.payee_id,
            payment.amount,
            payment.asset,
        )
        if same and earlier.created_at >= since and not earlier.schedule.is_recurring:
            return earlier
    return None


def _status_after(assessed: Assessed, blocked: bool) -> PaymentStatus:
    """A proposal's first status: blocked outright, sent to an operator, or awaiting Confirm."""
    if blocked:
        return PaymentStatus.REJECTED
    if assessed.decision.level is RiskLevel.BLOCK:
        return PaymentStatus.AWAITING_REVIEW
    return PaymentStatus.AWAITING_CONFIRMATION


def _new_payment(
    deps: Deps,
    payer: User,
    payee: User,
    intent: Intent,
    amount: Decimal,
    schedule: Schedule,
    status: PaymentStatus,
    now: datetime,
) -> Payment:
    """The payment a pay intent asks for, bound to the details the card will show."""
    return Payment(
        id=deps.ids.new_id(),
        payer_id=payer.id,
        payee_id=payee.id,
        amount=amount,
        asset=intent.asset,
        schedule=schedule,
        status=status,
        details_hash=details_hash(
            payer.id,
            payee.id,
            amount,
            intent.asset,
            schedule,
            intent.max_runs,
            intent.total_budget,
        ),
        created_at=now,
        confirm_expires_at=now + deps.policy.confirm_ttl,
        note=intent.note,
        max_runs=intent.max_runs,
        total_budget=intent.total_budget,
    )


def parse_confidence(intent: Intent) -> Decimal:
    """How sure we are the message was read right: LLM reads and ambiguity lower it."""
    confidence = Decimal(1) if intent.parser == "heuristic" else Decimal("0.85")
    if len(intent.candidates) > 1:
        confidence -= Decimal("0.3")
    return confidence


async def _load_for_tap(
    uow: UnitOfWork, payment_id: str, shown_hash: str, actor_telegram_id: int
) -> tuple[Payment, User, User]:
    """The payment behind a button, after checking who tapped it and what it showed."""
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise ConfirmationRefused("I can't find that payment.")
    payer = await uow.users.get(payment.payer_id)
    payee = await uow.users.get(payment.payee_id)
    if payer is None or payee is None or payer.telegram_id != actor_telegram_id:
        raise ConfirmationRefused("This button belongs to someone else; nothing was paid.")
    if payment.details_hash != shown_hash:
        raise ConfirmationRefused("These details don't match the payment; please ask again.")
    return payment, payer, payee


_ALREADY = {
    PaymentStatus.AWAITING_SECOND_STEP: "Type the amount shown to finish confirming.",
    PaymentStatus.AWAITING_REVIEW: "An operator is reviewing this payment; I'll tell you.",
    PaymentStatus.SCHEDULED: "You already confirmed this payment.",
    PaymentStatus.COMPLETED: "You already confirmed this payment.",
    PaymentStatus.FAILED: "This payment was already tried and failed.",
    PaymentStatus.DENIED: "You already denied this payment.",
    PaymentStatus.REJECTED: "This payment was blocked and can't be confirmed.",
    PaymentStatus.EXPIRED: "This confirmation expired; send the payment again.",
    PaymentStatus.CANCELLED: "This payment was cancelled.",
}


_ANSWERABLE = (PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.AWAITING_SECOND_STEP)


async def answer(
    deps: Deps,
    payment_id: str,
    shown_hash: str,
    actor_telegram_id: int,
    confirm: bool,
    typed_amount: Decimal | None = None,
    receipt_in_chat: bool = False,
    actor: Actor | None = None,
    door: Door = Door.TELEGRAM,
) -> Answered:
    """Apply a Confirm or Deny tap exactly once; refuse stale, foreign or replayed taps.

    A step-up payment needs two steps: Confirm moves it to awaiting_second_step, and only a
    second confirm carrying the typed amount (same payment, same hash, same payer) schedules it.
    """
    now = deps.clock.now()
    who = actor or Actor.person(actor_telegram_id)

    def moved(action: str, source: PaymentStatus, target: PaymentStatus) -> list[AuditEntry]:
        return [payment_change(deps.ids, now, who, door, payment_id, action, source, target)]

    async with deps.uow() as uow:
        payment, payer, payee = await _load_for_tap(uow, payment_id, shown_hash, actor_telegram_id)
        current = payment.status
        second = current is PaymentStatus.AWAITING_SECOND_STEP
        if current not in _ANSWERABLE or (second and confirm and typed_amount is None):
            raise ConfirmationRefused(_ALREADY[current])
        if now >= payment.confirm_expires_at:
            if await uow.payments.transition(payment.id, current, PaymentStatus.EXPIRED):
                await uow.audit.add(moved("expire", current, PaymentStatus.EXPIRED))
            await uow.commit()
            raise ConfirmationRefused(_ALREADY[PaymentStatus.EXPIRED])
        if second and confirm and (typed_amount != payment.amount or not bound(payment)):
            raise ConfirmationRefused("That is not the amount shown; nothing was paid.")
        target = PaymentStatus.SCHEDULED if confirm else PaymentStatus.DENIED
        if confirm and not second and await needs_second_step(uow, payment):
            target = PaymentStatus.AWAITING_SECOND_STEP
        # The compare-and-set is the guard: a racing second tap finds the status moved.
        if not await uow.payments.transition(payment.id, current, target):
            raise ConfirmationRefused("This payment was already answered.")
        await uow.audit.add(moved("confirm" if confirm else "deny", current, target))
        if target is PaymentStatus.AWAITING_SECOND_STEP:
            await uow.commit()
            fresh = await uow.payments.get(payment.id)
            return Answered(fresh or payment, payer, payee, False, second_step=True)
        claimed: tuple[list[Claimed], list[Execution]] = ([], [])
        if confirm:
            first_run = _first_run(deps, payment)
            await uow.payments.add_runs([first_run])
            if first_run.scheduled_at <= now:
                # Claimed in the confirming transaction, so a background tick never takes it
                # first. In Telegram the edited card is the receipt; the payee is told
                # through the outbox, like every notice.
                claimed = await claim_due_runs_in_transaction(
                    deps, uow, now, [first_run.id], notify=receipt_in_chat
                )
        await uow.commit()
    tell = EVERYONE if receipt_in_chat else PAYEE_ONLY
    return await _settled(deps, Answered(payment, payer, payee, confirm), claimed, tell)


async def _settled(
    deps: Deps,
    answered: Answered,
    claimed: tuple[list[Claimed], list[Execution]],
    tell: Audience,
) -> Answered:
    """Send and settle a run claimed at confirmation; a failure from here on is "processing".

    Once the claim is committed the run may reach the gateway, and a crashed or locked
    settlement is finished by recovery (same idempotency key), which sends the receipt. So
    nothing after this point may be reported as "nothing moved".
    """
    try:
        execution = await execute_claimed(deps, *claimed, tell=tell)
        async with deps.uow(read_only=True) as uow:
            fresh = await uow.payments.get(answered.payment.id)
    except Exception:
        log.exception("settling payment %s after confirmation", answered.payment.id)
        return replace(answered, processing=bool(claimed[0]))
    return replace(answered, payment=fresh or answered.payment, execution=execution)


def _first_run(deps: Deps, payment: Payment) -> Run:
    """Only the first run is stored; claiming a run of a series creates the next one."""
    first = payment.schedule.runs(1) or [payment.schedule.first_run]
    return new_run(deps.ids, payment.id, first[0])


async def expire_stale(deps: Deps) -> list[Payment]:
    """Expire unanswered confirmations past their deadline and reviews nobody took up."""
    now = deps.clock.now()
    expired: list[Payment] = []
    async with deps.uow() as uow:
        for payment in await uow.payments.expired_before(now, now - deps.policy.review_ttl):
            if await uow.payments.transition(payment.id, payment.status, PaymentStatus.EXPIRED):
                expired.append(payment)
        sweep = Actor.system("expiry sweep")
        await uow.audit.add(
            [
                payment_change(
                    deps.ids, now, sweep, Door.SYSTEM, p.id, "expire", p.status, "expired"
                )
                for p in expired
            ]
        )
        # A payer waiting on a review was told to wait; an unanswered card simply stops working.
        unreviewed = [p for p in expired if p.status is PaymentStatus.AWAITING_REVIEW]
        await uow.outbox.add([await _review_expired(uow, p) for p in unreviewed], now)
        await uow.commit()
    return expired


async def _review_expired(uow: UnitOfWork, payment: Payment) -> Notice:
    payer, payee = await uow.users.get(payment.payer_id), await uow.users.get(payment.payee_id)
    assert payer is not None and payee is not None  # users are never removed
    amount = format_amount(payment.amount, payment.asset)
    return Notice(
        f"review-expired:{payment.id}",
        payer.telegram_id,
        f"No operator reviewed your payment of {amount} to {quoted(payee.name)} in time, so it "
        "expired. Nothing was paid; send it again if you still want it.",
    )
