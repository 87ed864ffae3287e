"""Small concrete adapters for the core ports: the real clock and id source."""

import time
import uuid
from datetime import UTC, datetime


class SystemClock:
    """The wall clock, in UTC. The only place that reads it."""

    def now(self) -> datetime:
        """Now, timezone-aware."""
        return datetime.now(UTC)


class UuidIds:
    """Random UUID4 ids as 32 hex characters."""

    def new_id(self) -> str:
        """A fresh id."""
        return uuid.uuid4().hex


def monotonic_seconds() -> float:
    """Seconds on a clock that never jumps (the router's time base)."""
    return time.monotonic()
