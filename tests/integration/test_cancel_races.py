"""A cancel racing a claim: whichever goes first, nothing runs on the series after the cancel."""

import asyncio
from datetime import timedelta

from sqlalchemy import text

from bot.composition.container import Container
from core.scheduling import series
from core.scheduling.claim import claim_due_runs_in_transaction
from core.scheduling.tick import execute_claimed, tick
from core.scheduling.types import PAYEE_ONLY
from core.states import PaymentStatus, RunStatus
from tests.fakes import FrozenClock, IdempotentRail
from tests.scheduling import (
    ALICE,
    BOB,
    assert_ledger_sound,
    payment,
    people,
    runs_of,
    standing,
    weekly,
)

WAIT = 0.3  # SQLite cannot show a waiting writer: give the other transaction time to queue


async def _until_someone_waits_on_a_lock(system: Container) -> None:
    """PostgreSQL: return once another session waits on a row lock; SQLite: a short pause."""
    if system.engine.dialect.name != "postgresql":
        await asyncio.sleep(WAIT)
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        async with system.engine.connect() as db:
            if await db.scalar(query):
                return
        await asyncio.sleep(0.02)
    raise AssertionError("nobody waited on a lock")


async def test_a_cancel_during_a_claim_cancels_the_run_the_claim_planned(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", weekly(first))
    clock.current = first + timedelta(seconds=1)
    async with system.deps.uow() as uow:
        claimed, failures = await claim_due_runs_in_transaction(system.deps, uow, clock.now())
        assert [c.payment.id for c in claimed] == [p.id] and failures == []
        cancelling = asyncio.create_task(series.cancel_series(system.deps, p.id, ALICE))
        await _until_someone_waits_on_a_lock(system)
        assert not cancelling.done()  # the cancel waits for the claim's transaction
        await uow.commit()
    done = await cancelling
    assert done.runs_cancelled == 1  # next week's run, planned by the claim
    await execute_claimed(system.deps, claimed, failures, PAYEE_ONLY)  # claimed first: it runs
    statuses = [r.status for r in await runs_of(system, p.id)]
    assert statuses == [RunStatus.SUCCEEDED, RunStatus.CANCELLED]
    clock.current = first + timedelta(weeks=1, seconds=1)
    assert (await tick(system.deps)).executions == []
    assert len(gateway.charges) == 1
    assert (await payment(system, p.id)).status is PaymentStatus.CANCELLED
    await assert_ledger_sound(system)


async def test_a_claim_during_a_cancel_claims_nothing(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", weekly(first))
    clock.current = first + timedelta(seconds=1)
    async with system.deps.uow() as uow:  # cancel_series' steps, paused between them
        assert await uow.payments.transition(p.id, PaymentStatus.SCHEDULED, PaymentStatus.CANCELLED)
        ticking = asyncio.create_task(tick(system.deps))
        if system.engine.dialect.name == "postgresql":
            await ticking  # SKIP LOCKED: a claim never waits, it passes the series by
        else:
            await asyncio.sleep(WAIT)  # BEGIN IMMEDIATE: the tick waits for this transaction
        assert await uow.payments.cancel_due(p.id) == 1
        await uow.commit()
    assert (await ticking).executions == []
    assert (await tick(system.deps)).executions == [] and gateway.charges == {}
    assert [r.status for r in await runs_of(system, p.id)] == [RunStatus.CANCELLED]


async def test_a_claim_passes_by_a_payment_another_transaction_holds_and_takes_the_rest(
    system: Container, clock: FrozenClock
) -> None:
    if system.engine.dialect.name != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE makes the claim wait for the holder instead
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    held = await standing(system, ids[BOB], "10", weekly(first))
    free = await standing(system, ids[BOB], "20", weekly(first))
    clock.current = first + timedelta(seconds=1)
    async with system.engine.connect() as other:
        await other.execute(
            text("SELECT id FROM payments WHERE id = :id FOR UPDATE"), {"id": held.id}
        )
        async with system.deps.uow() as uow:
            claimed, _ = await claim_due_runs_in_transaction(system.deps, uow, clock.now())
            await uow.commit()
        assert [c.payment.id for c in claimed] == [free.id]
        await other.rollback()
    async with system.deps.uow() as uow:
        claimed, _ = await claim_due_runs_in_transaction(system.deps, uow, clock.now())
        await uow.commit()
    assert [c.payment.id for c in claimed] == [held.id]  # left due, not lost
