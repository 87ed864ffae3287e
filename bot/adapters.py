"""Small concrete adapters for the core ports: the real clock and id source."""

import os
import time
from datetime import UTC, datetime


class SystemClock:
    """The wall clock, in UTC. The only place that reads it."""

    def now(self) -> datetime:
        """Now, timezone-aware."""
        return datetime.now(UTC)


class RandomIds:
    """Random 128-bit ids as 32 hex characters (the shape of a UUID4's hex, all bits random)."""

    def new_id(self) -> str:
        """A fresh id."""
        # os.urandom, not uuid.uuid4().hex: the same randomness without building a UUID object,
        # a fifth of the cost; a scheduled run makes eight ids or so.
        return os.urandom(16).hex()


def monotonic_seconds() -> float:
    """Seconds on a clock that never jumps (the router's time base)."""
    return time.monotonic()
