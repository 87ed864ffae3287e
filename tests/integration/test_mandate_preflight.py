"""Standing mandates: the guardian and the mandate's limits are checked again before every run."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.composition.container import Container
from bot.telegram.app import build_application
from bot.telegram.series import CancelSeries
from core import people
from core.accounts import onboarding
from core.accounts.validate import validate
from core.entities import RiskLevel
from core.guardian import limits
from core.intent import Intent
from core.payments import proposals
from core.schedule import Schedule
from core.scheduling.tick import deliver, tick
from core.scheduling.types import Execution
from core.states import PaymentStatus, RunStatus
from lab.offline_telegram import OfflineChat, OfflineTelegram, UpdateFactory
from tests.conftest import BOT_TOKEN
from tests.fakes import FrozenClock, RecordingNotifier, ScriptedRail

ALICE, BOB, MALLORY = 1, 2, 3
WEEK = timedelta(days=7)


async def setup(container: Container) -> dict[int, str]:
    ids = {}
    for tg, name in ((ALICE, "Alice"), (BOB, "Bob"), (MALLORY, "Mallory")):
        ids[tg] = (await onboarding.start(container.deps, tg, name, name.lower())).user.id
    return ids


async def mandate(container: Container, payee: str, amount: str, **terms: Any) -> str:
    """Propose and confirm a weekly payment starting now; its first run executes at once."""
    deps = container.deps
    async with deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
    schedule = Schedule(first_run=deps.clock.now(), timezone="UTC", rrule="FREQ=WEEKLY")
    intent = Intent(kind="pay", recipient=payee, amount=Decimal(amount), schedule=schedule, **terms)
    proposal = await proposals.propose(deps, payer, intent)
    assert proposal.assessment.level is RiskLevel.ALLOW
    result = await proposals.answer(
        deps, proposal.payment.id, proposal.payment.details_hash, ALICE, True
    )
    assert result.execution is not None and result.execution.succeeded
    return proposal.payment.id


async def next_run(container: Container, clock: FrozenClock, payment_id: str) -> Execution:
    """A week later the scheduler's tick claims the series' next run (created at the last claim)."""
    clock.advance(days=7)
    executions = [e for e in (await tick(container.deps)).executions if e.payment.id == payment_id]
    assert len(executions) == 1
    return executions[0]


async def status(container: Container, payment_id: str) -> PaymentStatus:
    async with container.deps.uow() as uow:
        payment = await uow.payments.get(payment_id)
    assert payment is not None
    return payment.status


async def test_a_mandate_stops_after_its_max_runs(
    container: Container, clock: FrozenClock, rail: ScriptedRail
) -> None:
    ids = await setup(container)
    pid = await mandate(container, ids[BOB], "100", max_runs=2)
    assert (await next_run(container, clock, pid)).succeeded
    third = await next_run(container, clock, pid)
    assert third.skipped and third.reason == "all 2 runs of this series are done"
    assert await status(container, pid) is PaymentStatus.COMPLETED
    assert len(rail.requests) == 2


async def test_a_mandate_never_goes_over_its_total_budget(
    container: Container, clock: FrozenClock, rail: ScriptedRail
) -> None:
    ids = await setup(container)
    pid = await mandate(container, ids[BOB], "100", total_budget=Decimal(150))
    second = await next_run(container, clock, pid)
    assert second.skipped and second.reason == "only 50.00 USDC of the series budget is left"
    assert await status(container, pid) is PaymentStatus.COMPLETED
    assert len(rail.requests) == 1


async def test_a_lowered_limit_skips_the_next_run_and_keeps_the_series(
    container: Container, clock: FrozenClock, rail: ScriptedRail
) -> None:
    ids = await setup(container)
    pid = await mandate(container, ids[BOB], "100")
    await limits.lower(container.deps, ALICE, "payment", Decimal(50))
    second = await next_run(container, clock, pid)
    assert second.skipped and second.reason == "the amount is over the per-payment limit"
    assert await status(container, pid) is PaymentStatus.SCHEDULED
    async with container.deps.uow() as uow:
        [skipped] = [r for r in await uow.payments.runs_of(pid) if r.status is RunStatus.SKIPPED]
        run_assessments = [
            a for a in await uow.assessments.for_payment(pid) if a.run_id == skipped.id
        ]
    assert skipped.error == second.reason
    assert (
        run_assessments[0].rule_hits == ("over_cap",) and run_assessments[0].level.value == "block"
    )
    assert len(rail.requests) == 1


async def test_a_run_whose_risk_rose_above_what_was_approved_is_skipped(
    container: Container, clock: FrozenClock, rail: ScriptedRail
) -> None:
    ids = await setup(container)
    pid = await mandate(container, ids[BOB], "100")
    deps = container.deps
    async with deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
    big = await proposals.propose(
        deps, payer, Intent(kind="pay", recipient=ids[MALLORY], amount=Decimal(795))
    )
    assert big.assessment.level is RiskLevel.STEP_UP
    first = await proposals.answer(deps, big.payment.id, big.payment.details_hash, ALICE, True)
    assert first.second_step and rail.requests[-1].amount == Decimal(100)
    done = await proposals.answer(
        deps, big.payment.id, big.payment.details_hash, ALICE, True, typed_amount=Decimal(795)
    )
    assert done.execution is not None and done.execution.succeeded
    # 105 USDC left: the run is covered, but it would now take 95 % of the balance.
    second = await next_run(container, clock, pid)
    assert second.skipped and "more than half of your balance" in (second.reason or "")
    assert await status(container, pid) is PaymentStatus.SCHEDULED
    assert await validate(deps) == []  # every executed run was assessed and journaled once


async def test_the_payer_can_cancel_the_series_from_the_skip_notice(
    container: Container, clock: FrozenClock
) -> None:
    ids = await setup(container)
    pid = await mandate(container, ids[BOB], "100", max_runs=5)
    await limits.lower(container.deps, ALICE, "payment", Decimal(50))
    assert (await next_run(container, clock, pid)).skipped
    notifier = RecordingNotifier()
    await deliver(container.deps, notifier)
    [notice] = [n for n in notifier.sent if n.key.startswith("skipped:")]
    assert notice.chat_id == ALICE and notice.text.startswith(
        "Skipped: 100.00 USDC to “Bob” was not paid (the amount is over the per-payment limit)."
        " Nothing moved."
    )
    [cancel] = [a for a in notice.actions if a.kind == "cancel_series"]
    stop = CancelSeries(cancel.ref).encode()
    api = OfflineTelegram(clock)
    application = build_application(BOT_TOKEN, container, request=api, polling=False)
    await application.initialize()
    chat = OfflineChat(application, api, UpdateFactory(clock))
    try:
        mallory = chat.updates.user(MALLORY, "Mallory")
        refused = await chat.tap(mallory, stop, 1, MALLORY)
        toasts = [c.params.get("text") for c in refused if c.method == "answerCallbackQuery"]
        assert toasts == ["This button belongs to someone else; nothing changed."]
        alice = chat.updates.user(ALICE, "Alice")
        stopped = await chat.tap(alice, stop, 1, ALICE)
        assert any(
            str(c.params.get("text", "")).startswith("Cancelled: 100.00 USDC to “Bob”")
            for c in stopped
        )
    finally:
        await application.shutdown()
    assert await status(container, pid) is PaymentStatus.CANCELLED
