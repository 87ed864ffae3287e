"""Telegram updates handled once across processes: a claim with a lease, fenced at every commit.

Telegram re-delivers an update it thinks failed, to whichever process answers. A process first
claims the update id (its own token, a short lease); every unit of work committed while it
handles the update checks, inside that same transaction, that the claim is still its own and
marks the update handled. So the update is recorded in the transaction of its effect:

- a duplicate of a handled update is acknowledged and does nothing;
- a process that dies before its effect committed leaves only a claim, which a re-delivery
  takes over once the lease has run out: the update is late, never lost;
- a process that was merely slow past its lease loses the claim, and its commit is refused
  (ClaimLost rolls it back), so the effect still happens once, by the process that took over.

An update that writes nothing (a balance question) is marked handled when its handler returns.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

CLAIM_LEASE = timedelta(seconds=30)  # longer than any handler takes (LLM calls time out at 4 s)
KEEP_HANDLED = timedelta(days=1)  # Telegram gives up on an update within 24 hours


@dataclass(frozen=True)
class UpdateClaim:
    """This process's hold on one update: the id and the token that proves whose it is."""

    update_id: int
    token: str
    claimed_at: datetime


class ClaimState(Enum):
    """What a claim attempt found."""

    MINE = "mine"  # first, or taken over from a holder whose lease ran out
    HANDLED = "handled"  # a duplicate: the effect is already committed
    BUSY = "busy"  # another process holds a live claim and is handling it now


class ClaimLost(Exception):
    """Another process took this update over; this process's effect must not commit."""


class UpdateClaims(Protocol):
    """Where claims on update ids live, shared by every process."""

    async def claim(self, claim: UpdateClaim, lease: timedelta) -> ClaimState:
        """Claim the update for ``claim.token`` unless it is handled or held by a live claim."""
        ...

    async def is_handled(self, update_id: int) -> bool:
        """True once an effect of the update committed (or its handler finished)."""
        ...

    async def finish(self, claim: UpdateClaim) -> None:
        """Mark the update handled, if the claim is still this process's."""
        ...

    async def release(self, claim: UpdateClaim) -> None:
        """Give up an unfinished claim at once, so a re-delivery need not wait for the lease."""
        ...

    async def prune(self, before: datetime) -> int:
        """Forget updates claimed before ``before``; how many were dropped."""
        ...


_handling: ContextVar[UpdateClaim | None] = ContextVar("handling_update", default=None)


def claim_in_hand() -> UpdateClaim | None:
    """The update this task is handling, if any: units of work commit under its fence."""
    return _handling.get()


@contextmanager
def handling(claim: UpdateClaim) -> Iterator[None]:
    """Everything awaited inside handles ``claim``'s update (tasks it starts inherit it)."""
    reset = _handling.set(claim)
    try:
        yield
    finally:
        _handling.reset(reset)
