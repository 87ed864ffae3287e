"""Telegram's per-bot limits shared by processes on PostgreSQL: who is alive, and flood buckets.

Both read the database's clock (clock_timestamp()), not each process's: processes on several
machines (or one with a stepped wall clock) still agree on what "the last 15 seconds" means.
"""

import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Interval, Table, delete, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from core.ratelimit import Bucket, Verdict, take_token
from storage.models import FleetMemberRow, FloodBucketRow

MEMBERS = cast(Table, FleetMemberRow.__table__)
BUCKETS = cast(Table, FloodBucketRow.__table__)
LIVE_WITHIN = timedelta(seconds=15)  # three missed heartbeats (every 5 s) and a process is gone
FORGET_AFTER = timedelta(hours=1)


def _process_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _ago(span: timedelta) -> ColumnElement[datetime]:
    return func.clock_timestamp() - literal(span, Interval())


@dataclass
class SqlFleetMembers:
    """This process's heartbeat row among every process's."""

    engine: AsyncEngine
    process_id: str = field(default_factory=_process_name)

    async def heartbeat(self) -> int:
        """Say this process is alive; how many processes are (this one included)."""
        seen = insert(MEMBERS).values(process_id=self.process_id, seen_at=func.clock_timestamp())
        seen = seen.on_conflict_do_update(
            index_elements=["process_id"], set_={"seen_at": func.clock_timestamp()}
        )
        alive = MEMBERS.c.seen_at >= _ago(LIVE_WITHIN)
        live = select(func.count()).select_from(MEMBERS).where(alive)
        async with self.engine.begin() as db:
            await db.execute(seen)
            await db.execute(delete(MEMBERS).where(MEMBERS.c.seen_at < _ago(FORGET_AFTER)))
            count = await db.scalar(live)
        return max(int(count or 0), 1)

    async def leave(self) -> None:
        """Stop counting this process (a clean shutdown; a killed one ages out)."""
        async with self.engine.begin() as db:
            await db.execute(delete(MEMBERS).where(MEMBERS.c.process_id == self.process_id))


@dataclass
class SqlFloodBudget:
    """Each person's token bucket in one row, taken under its row lock by whichever process."""

    engine: AsyncEngine
    capacity: float = 8.0
    per_second: float = 1.0

    async def spend(self, key: int) -> Verdict:
        """Take one update from ``key``'s bucket, refilled on the database's clock."""
        async with self.engine.begin() as db:
            now: datetime = (await db.execute(select(func.clock_timestamp()))).scalar_one()
            fresh = dict(person_id=key, tokens=self.capacity, at=now, warned=False)
            await db.execute(insert(BUCKETS).values(**fresh).on_conflict_do_nothing())
            mine = BUCKETS.c.person_id == key
            row = (await db.execute(select(BUCKETS).where(mine).with_for_update())).one()
            bucket = Bucket(row.tokens, row.at, row.warned)
            verdict = take_token(bucket, now, self.capacity, self.per_second)
            kept = dict(tokens=bucket.tokens, at=bucket.at, warned=bucket.warned)
            await db.execute(update(BUCKETS).where(mine).values(**kept))
        return verdict

    async def forget_full(self) -> int:
        """Delete buckets untouched for an hour (full again, so nothing is lost); how many."""
        async with self.engine.begin() as db:
            result = await db.execute(delete(BUCKETS).where(BUCKETS.c.at < _ago(FORGET_AFTER)))
        return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class SqlFleetLimits:
    """The fleet's heartbeat and flood buckets, as the Telegram door asks for them."""

    members: SqlFleetMembers
    flood: SqlFloodBudget

    @classmethod
    def on(cls, engine: AsyncEngine) -> "SqlFleetLimits":
        """Both over ``engine``, for this process."""
        return cls(SqlFleetMembers(engine), SqlFloodBudget(engine))

    async def heartbeat(self) -> int:
        """This process's heartbeat (buckets untouched for an hour are forgotten meanwhile)."""
        live = await self.members.heartbeat()
        await self.flood.forget_full()
        return live

    async def spend(self, key: int) -> Verdict:
        """One update from ``key``'s shared bucket."""
        return await self.flood.spend(key)
