"""Small concrete adapters for the core ports: the real clock and id source."""

import time
from datetime import UTC, datetime

import uuid_utils


class SystemClock:
    """The wall clock, in UTC. The only place that reads it."""

    def now(self) -> datetime:
        """Now, timezone-aware."""
        return datetime.now(UTC)


class TimeOrderedIds:
    """UUIDv7 ids as 32 hex characters: a millisecond timestamp first, so later ids sort later."""

    def new_id(self) -> str:
        """A fresh id, greater than every id this process made before it."""
        # Random ids (UUID4) land all over every primary-key and foreign-key index: each batch
        # of inserts dirtied pages across the whole tree, and SQLite spent a fifth of a
        # scheduler tick writing them. Ids in creation order append to the indexes' right edge.
        return uuid_utils.uuid7().hex


def monotonic_seconds() -> float:
    """Seconds on a clock that never jumps (the router's time base)."""
    return time.monotonic()
