"""Webhook update ids claimed in the database: handled once, in the transaction of the effect."""

import asyncio
from datetime import timedelta

import pytest

from bot.composition.container import Container
from core.accounts import onboarding
from core.handled_updates import (
    CLAIM_LEASE,
    KEEP_HANDLED,
    ClaimLost,
    ClaimState,
    UpdateClaim,
    handling,
)
from tests.fakes import FrozenClock

ALICE = 21


def claim(update_id: int, token: str, clock: FrozenClock) -> UpdateClaim:
    return UpdateClaim(update_id, token, clock.now())


async def test_the_first_claim_wins_and_a_finished_update_is_a_duplicate(
    system: Container, clock: FrozenClock
) -> None:
    mine = claim(1, "a" * 16, clock)
    assert await system.updates.claim(mine, CLAIM_LEASE) is ClaimState.MINE
    assert await system.updates.claim(claim(1, "b" * 16, clock), CLAIM_LEASE) is ClaimState.BUSY
    await system.updates.finish(mine)
    assert await system.updates.claim(claim(1, "b" * 16, clock), CLAIM_LEASE) is (
        ClaimState.HANDLED
    )


async def test_the_effects_commit_marks_the_update_handled(
    system: Container, clock: FrozenClock
) -> None:
    mine = claim(2, "a" * 16, clock)
    await system.updates.claim(mine, CLAIM_LEASE)
    with handling(mine):
        await onboarding.start(system.deps, ALICE, "Alice", "alice")
    assert await system.updates.is_handled(2)  # without finish: the wallet's commit did it


async def test_a_dead_holders_claim_is_taken_over_and_its_late_commit_refused(
    system: Container, clock: FrozenClock
) -> None:
    slow = claim(3, "a" * 16, clock)
    await system.updates.claim(slow, CLAIM_LEASE)
    clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)
    taker = claim(3, "b" * 16, clock)
    assert await system.updates.claim(taker, CLAIM_LEASE) is ClaimState.MINE
    with handling(slow), pytest.raises(ClaimLost):
        await onboarding.start(system.deps, ALICE, "Alice", "alice")
    async with system.deps.uow(read_only=True) as uow:
        assert await uow.users.by_telegram_id(ALICE) is None  # rolled back with the fence
    assert not await system.updates.is_handled(3)


async def test_a_released_claim_can_be_claimed_again_at_once(
    system: Container, clock: FrozenClock
) -> None:
    crashed = claim(4, "a" * 16, clock)
    await system.updates.claim(crashed, CLAIM_LEASE)
    await system.updates.release(crashed)
    assert await system.updates.claim(claim(4, "b" * 16, clock), CLAIM_LEASE) is ClaimState.MINE


async def test_of_claims_racing_for_one_update_exactly_one_wins(
    system: Container, clock: FrozenClock
) -> None:
    racing = [claim(5, f"{n:016d}", clock) for n in range(4)]
    states = await asyncio.gather(*(system.updates.claim(c, CLAIM_LEASE) for c in racing))
    assert states.count(ClaimState.MINE) == 1


async def test_updates_are_forgotten_after_a_day(system: Container, clock: FrozenClock) -> None:
    old = claim(6, "a" * 16, clock)
    await system.updates.claim(old, CLAIM_LEASE)
    await system.updates.finish(old)
    clock.advance(hours=1)
    await system.updates.claim(claim(7, "a" * 16, clock), CLAIM_LEASE)
    assert await system.updates.prune(clock.now() - timedelta(minutes=30)) == 1
    assert await system.updates.prune(clock.now() + KEEP_HANDLED) == 1
