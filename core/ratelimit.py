"""Per-key token buckets on an injected clock: bursts pass, floods are refused."""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from core.ports import Clock


class Verdict(StrEnum):
    """What to do with one event."""

    PASS = "pass"
    REFUSE = "refuse"  # the first refusal of a flood: say so once
    DROP = "drop"  # later refusals of the same flood: stay quiet


@dataclass
class Bucket:
    """One key's tokens as of ``at``, and whether its current flood was already refused."""

    tokens: float
    at: datetime
    warned: bool = False


def take_token(bucket: Bucket, now: datetime, capacity: float, per_second: float) -> Verdict:
    """Refill ``bucket`` up to ``now``, then take one token from it if one is left."""
    elapsed = max((now - bucket.at).total_seconds(), 0.0)
    bucket.tokens = min(capacity, bucket.tokens + elapsed * per_second)
    bucket.at = now
    if bucket.tokens >= 1:
        bucket.tokens -= 1
        bucket.warned = False
        return Verdict.PASS
    if bucket.warned:
        return Verdict.DROP
    bucket.warned = True
    return Verdict.REFUSE


class FloodBudget(Protocol):
    """Each person's budget of updates: in this process, or shared by every process."""

    async def spend(self, key: int) -> Verdict:
        """Take one update from ``key``'s budget."""
        ...


class FleetLimits(FloodBudget, Protocol):
    """The per-bot limits that several processes of one bot share (through the database)."""

    async def heartbeat(self) -> int:
        """Say this process is alive; how many processes are, this one included."""
        ...


@dataclass
class TokenBuckets:
    """``capacity`` events at once, refilled at ``per_second``; one bucket per key."""

    clock: Clock
    capacity: float = 8.0
    per_second: float = 1.0
    max_keys: int = 10_000  # the least recently seen keys are forgotten (a full bucket anyway)
    _buckets: OrderedDict[int, Bucket] = field(default_factory=OrderedDict)

    def check(self, key: int) -> Verdict:
        """Take a token for ``key`` if one is left."""
        now = self.clock.now()
        bucket = self._buckets.pop(key, None) or Bucket(self.capacity, now)
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return take_token(bucket, now, self.capacity, self.per_second)

    async def spend(self, key: int) -> Verdict:
        """The FloodBudget of one process: ``check`` as a coroutine."""
        return self.check(key)


@dataclass
class Throttle:
    """At most one event per key every ``every_seconds`` (e.g. operator alerts)."""

    clock: Clock
    every_seconds: float = 300.0
    _last: dict[str, datetime] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        """True if ``key`` has not fired within the window; records the firing."""
        now = self.clock.now()
        last = self._last.get(key)
        if last is not None and (now - last).total_seconds() < self.every_seconds:
            return False
        self._last[key] = now
        return True
