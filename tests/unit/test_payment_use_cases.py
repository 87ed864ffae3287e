"""Payment use cases on the in-memory unit of work: propose, confirm, run, cancel, step up."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from core.entities import User
from core.errors import ConfirmationRefused
from core.payments import proposals, stepup
from core.queries.balance import read_balance
from core.schedule import Schedule
from core.scheduling import series
from core.scheduling.claim import claim_due_runs
from core.scheduling.settle import send_all, settle
from core.scheduling.tick import tick
from core.states import PaymentStatus, RunStatus
from tests.unit.in_memory import ALICE, BOB, World, world


async def two_people() -> tuple[World, User, User]:
    w = world()
    return w, await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")


async def balances(w: World) -> tuple[Decimal, Decimal]:
    alice, bob = await read_balance(w.deps, ALICE), await read_balance(w.deps, BOB)
    return alice.balance, bob.balance


def weekly(first: datetime) -> Schedule:
    return Schedule(first_run=first, timezone="UTC", rrule="FREQ=WEEKLY")


async def test_an_immediate_payment_moves_nothing_until_confirmed_then_pays_once() -> None:
    w, alice, bob = await two_people()
    proposed = await w.propose(alice, bob, "120")
    assert proposed.status is PaymentStatus.AWAITING_CONFIRMATION
    assert await balances(w) == (Decimal(1000), Decimal(1000)) and w.rail.requests == []
    answered = await w.confirm(proposed, ALICE)
    assert answered.execution is not None and answered.execution.succeeded
    assert answered.payment.status is PaymentStatus.COMPLETED
    assert await balances(w) == (Decimal(880), Decimal(1120))
    with pytest.raises(ConfirmationRefused, match="already confirmed"):
        await w.confirm(proposed, ALICE)
    assert len(w.rail.requests) == 1


async def test_someone_else_tapping_confirm_moves_nothing() -> None:
    w, alice, bob = await two_people()
    proposed = await w.propose(alice, bob, "120")
    with pytest.raises(ConfirmationRefused, match="belongs to someone else"):
        await w.confirm(proposed, BOB)
    assert await balances(w) == (Decimal(1000), Decimal(1000))


async def test_a_scheduled_run_is_claimed_when_due_and_settled_with_one_journal() -> None:
    w, alice, bob = await two_people()
    first = w.clock.now() + timedelta(hours=1)
    answered = await w.confirm(await w.propose(alice, bob, "50", weekly(first)), ALICE)
    assert answered.execution is None and answered.payment.status is PaymentStatus.SCHEDULED
    assert (await tick(w.deps)).executions == []  # not due yet
    w.clock.current = first
    [paid] = (await tick(w.deps)).executions
    assert paid.succeeded and paid.run.status is RunStatus.SUCCEEDED
    assert (await tick(w.deps)).executions == []  # settled once
    assert await balances(w) == (Decimal(950), Decimal(1050))
    async with w.db(read_only=True) as uow:
        runs = await uow.payments.runs_of(answered.payment.id)
        journals = [j for j in await uow.wallets.journals() if j.run_id == paid.run.id]
        receipts = [n.text for n in uow.outbox.queued()]
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED, RunStatus.DUE]
    assert runs[1].scheduled_at == first + timedelta(weeks=1)  # the series' next run, planned
    assert len(journals) == 1 and journals[0].key == paid.run.idempotency_key
    assert any(t.startswith("Paid 50.00 USDC to “Bob”") for t in receipts)


async def test_a_run_the_payer_can_no_longer_cover_is_not_paid_and_moves_nothing() -> None:
    w, alice, bob = await two_people()
    first = w.clock.now() + timedelta(hours=1)
    later = await w.confirm(await w.propose(alice, bob, "400", Schedule.once(first)), ALICE)
    for _ in range(2):  # spent meanwhile: 200 left
        await w.confirm(await w.propose(alice, bob, "400"), ALICE)
    w.clock.current = first
    [run] = (await tick(w.deps)).executions
    assert not run.succeeded and run.payment.id == later.payment.id
    assert run.reason == "insufficient funds" and run.payment.status is PaymentStatus.FAILED
    assert len(w.rail.requests) == 2  # the two immediate payments; the run was never sent
    assert await balances(w) == (Decimal(200), Decimal(1800))
    async with w.db(read_only=True) as uow:
        assert not [j for j in await uow.wallets.journals() if j.run_id == run.run.id]
        assert await uow.wallets.funds(alice.id, "USDC") == (Decimal(200), Decimal(200))


async def test_a_cancelled_series_runs_no_more() -> None:
    w, alice, bob = await two_people()
    first = w.clock.now() + timedelta(hours=1)
    answered = await w.confirm(await w.propose(alice, bob, "50", weekly(first)), ALICE)
    assert len((await series.upcoming(w.deps, ALICE)).items) == 1
    cancelled = await series.cancel_series(w.deps, answered.payment.id, ALICE)
    assert cancelled.runs_cancelled == 1
    async with w.db(read_only=True) as uow:
        stored = await uow.payments.get(answered.payment.id)
    assert stored is not None and stored.status is PaymentStatus.CANCELLED
    w.clock.current = first + timedelta(minutes=1)
    assert (await tick(w.deps)).executions == [] and w.rail.requests == []
    assert (await series.upcoming(w.deps, ALICE)).items == ()
    assert await balances(w) == (Decimal(1000), Decimal(1000))


async def test_a_step_up_payment_pays_only_after_the_typed_amount() -> None:
    w, alice, bob = await two_people()
    proposed = await w.propose(alice, bob, "600")  # a new payee, over half the balance
    first = await w.confirm(proposed, ALICE)
    assert first.second_step and first.payment.status is PaymentStatus.AWAITING_SECOND_STEP
    assert await balances(w) == (Decimal(1000), Decimal(1000))
    waiting = await stepup.pending(w.deps, ALICE, "600 USDC")
    assert waiting is not None and waiting.payment.id == proposed.id
    assert await stepup.pending(w.deps, BOB, "600") is None  # nothing waits for Bob
    with pytest.raises(ConfirmationRefused, match="not the amount shown"):
        await proposals.answer(
            w.deps, proposed.id, proposed.details_hash, ALICE, True, typed_amount=Decimal(60)
        )
    done = await proposals.answer(
        w.deps, proposed.id, proposed.details_hash, ALICE, True, typed_amount=Decimal(600)
    )
    assert done.execution is not None and done.execution.succeeded
    assert await balances(w) == (Decimal(400), Decimal(1600))


async def test_a_run_settled_twice_is_posted_once() -> None:
    w, alice, bob = await two_people()
    first = w.clock.now() + timedelta(hours=1)
    await w.confirm(await w.propose(alice, bob, "50", weekly(first)), ALICE)
    w.clock.current = first
    claimed, failures = await claim_due_runs(w.deps, w.clock.now())
    assert len(claimed) == 1 and failures == []
    results = await send_all(w.deps, claimed)
    assert [e.succeeded for e in await settle(w.deps, claimed, results)] == [True]
    assert await settle(w.deps, claimed, results) == []  # the compare-and-set already moved it
    assert await balances(w) == (Decimal(950), Decimal(1050))
