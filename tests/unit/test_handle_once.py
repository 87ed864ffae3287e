"""One webhook update, one effect: claimed, handled, or left for a later delivery."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from bot.api import once
from bot.api.once import handle_once
from core.handled_updates import ClaimState, UpdateClaim, claim_in_hand
from tests.fakes import FrozenClock


@dataclass
class ScriptedClaims:
    """UpdateClaims that answer a fixed state and record what was asked of them."""

    state: ClaimState = ClaimState.MINE
    handled_after_checks: int | None = None  # is_handled turns True on this many-th check
    checks: int = 0
    finished: list[UpdateClaim] = field(default_factory=list)
    released: list[UpdateClaim] = field(default_factory=list)

    async def claim(self, claim: UpdateClaim, lease: timedelta) -> ClaimState:
        return self.state

    async def is_handled(self, update_id: int) -> bool:
        self.checks += 1
        return self.handled_after_checks is not None and self.checks >= self.handled_after_checks

    async def finish(self, claim: UpdateClaim) -> None:
        self.finished.append(claim)

    async def release(self, claim: UpdateClaim) -> None:
        self.released.append(claim)

    async def prune(self, before: datetime) -> int:
        return 0


async def test_a_first_delivery_is_processed_under_its_claim_and_finished() -> None:
    claims, seen = ScriptedClaims(), []

    async def process() -> None:
        seen.append(claim_in_hand())

    assert await handle_once(claims, FrozenClock(), 41, process) == "processed"
    assert seen[0] is not None and seen[0].update_id == 41
    assert claims.finished == seen and claim_in_hand() is None


async def test_a_handled_update_is_a_duplicate_and_runs_nothing() -> None:
    claims = ScriptedClaims(ClaimState.HANDLED)

    async def process() -> None:
        raise AssertionError("a duplicate must not run")

    assert await handle_once(claims, FrozenClock(), 41, process) == "duplicate"


async def test_a_duplicate_mid_handling_waits_for_the_holder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(once, "BUSY_POLL_S", 0.001)
    claims = ScriptedClaims(ClaimState.BUSY, handled_after_checks=3)
    assert await handle_once(claims, FrozenClock(), 41, _nothing) == "duplicate"


async def test_a_holder_that_never_finishes_leaves_the_update_for_a_later_delivery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(once, "BUSY_WAIT_S", 0.01)
    monkeypatch.setattr(once, "BUSY_POLL_S", 0.001)
    claims = ScriptedClaims(ClaimState.BUSY)
    assert await handle_once(claims, FrozenClock(), 41, _nothing) == "busy"


async def test_a_handler_that_fails_releases_its_claim() -> None:
    claims = ScriptedClaims()

    async def process() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await handle_once(claims, FrozenClock(), 41, process)
    assert len(claims.released) == 1 and not claims.finished


async def _nothing() -> None:
    return None
