"""A worker dying at any point still ends in exactly one payment and one receipt."""

from datetime import timedelta

from bot.composition.container import Container
from core.scheduling.tick import deliver, tick
from core.states import RunStatus
from tests.fakes import FrozenClock, IdempotentRail, RecordingNotifier
from tests.scheduling import BOB, assert_ledger_sound, people, runs_of, standing, weekly


async def _due_series(system: Container, clock: FrozenClock) -> str:
    ids = await people(system)
    first = clock.now() + timedelta(minutes=10)
    p = await standing(system, ids[BOB], "10", weekly(first, count=1))
    clock.current = first
    return p.id


async def _recover_and_deliver(system: Container, clock: FrozenClock) -> RecordingNotifier:
    assert (await tick(system.deps)).recovered == 0  # the lease has not run out yet
    clock.advance(minutes=3)
    assert (await tick(system.deps)).recovered == 1
    notifier = RecordingNotifier()
    await deliver(system.deps, notifier)
    await deliver(system.deps, notifier)
    return notifier


def _one_payment_one_receipt(notifier: RecordingNotifier, gateway: IdempotentRail) -> None:
    assert len(gateway.charges) == 1
    assert [n.key.split(":")[0] for n in notifier.sent] == ["receipt", "payee"]


async def test_dying_between_claim_and_gateway_call_recovers_to_one_payment(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    payment_id = await _due_series(system, clock)
    gateway.die_before_charge = True
    assert (await tick(system.deps)).executions == []
    assert [r.status for r in await runs_of(system, payment_id)] == [RunStatus.EXECUTING]
    gateway.die_before_charge = False
    notifier = await _recover_and_deliver(system, clock)
    _one_payment_one_receipt(notifier, gateway)
    assert [r.status for r in await runs_of(system, payment_id)] == [RunStatus.SUCCEEDED]
    await assert_ledger_sound(system)


async def test_dying_between_gateway_call_and_ledger_post_never_pays_twice(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    payment_id = await _due_series(system, clock)
    gateway.die_after_charge = True
    await tick(system.deps)
    assert len(gateway.charges) == 1  # the money moved at the gateway, the ledger has nothing
    gateway.die_after_charge = False
    notifier = await _recover_and_deliver(system, clock)
    _one_payment_one_receipt(notifier, gateway)
    assert gateway.calls == 2  # re-sent with the same key: the gateway answered the first result
    assert [r.status for r in await runs_of(system, payment_id)] == [RunStatus.SUCCEEDED]
    await assert_ledger_sound(system)


async def test_dying_between_ledger_post_and_receipt_sends_the_receipt_once(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    await _due_series(system, clock)
    assert len((await tick(system.deps)).executions) == 1
    dying = RecordingNotifier(fail=True)
    assert await deliver(system.deps, dying) == 0
    notifier = RecordingNotifier()
    assert await deliver(system.deps, notifier) == 0  # still leased to the dead sender
    clock.advance(minutes=2)
    assert await deliver(system.deps, notifier) == 2
    assert await deliver(system.deps, notifier) == 0
    _one_payment_one_receipt(notifier, gateway)
    await assert_ledger_sound(system)
