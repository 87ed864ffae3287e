"""The soak's faults beyond gateways and kills: Telegram down, 429s, a blocked payee, a locked
database and a wall-clock step, each at its moment in the load, each recorded as a window."""

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from sqlalchemy import text
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from lab.soak.audit import async_url
from lab.soak.clock import WallClockStep

log = logging.getLogger(__name__)

CLOCK_STEP_SECONDS = 2 * 3600  # +2 h: far beyond any lease and misfire window


@dataclass(frozen=True)
class Fault:
    """One fault: what, when in the load (seconds from its start), how long."""

    name: str
    at: float
    seconds: float


@dataclass
class Window:
    """When a fault was in force on the driver's loop clock, and how it went."""

    name: str
    began: float
    ended: float = 0.0
    note: str = ""


def _between(low: float, share: float, high: float, load_seconds: float) -> float:
    return min(high, max(low, share * load_seconds))


def schedule(load_seconds: float) -> list[Fault]:
    """The five faults, one after another from 10 % of the load; together under half of it."""
    telegram = _between(2.0, 0.06, 20.0, load_seconds)
    lock = _between(2.0, 0.05, 8.0, load_seconds)  # past SQLite's 5 s busy wait on long soaks
    watch = _between(3.0, 0.1, 10.0, load_seconds)  # a step is instant: watch what follows it
    names = [
        ("telegram down", telegram),
        ("telegram 429", telegram),
        ("payee blocked the bot (403)", telegram + 3),
        ("database locked", lock),
        (f"wall clock +{CLOCK_STEP_SECONDS // 3600} h", watch),
    ]
    pause = (0.8 * load_seconds - sum(s for _, s in names)) / len(names)  # load between faults
    faults, at = [], 0.1 * load_seconds
    for name, seconds in names:
        faults.append(Fault(name, at, seconds))
        at += seconds + pause
    return faults


async def telegram(http: httpx.AsyncClient, mode: str, seconds: float, chats: list[int]) -> None:
    """Switch the sandbox Bot API's fault for ``seconds`` (it ends by itself)."""
    body = {"mode": mode, "seconds": seconds, "chat_ids": chats}
    (await http.post("/sandbox/api/faults", json=body)).raise_for_status()


async def lock_database(url: str, seconds: float) -> None:
    """Hold the database's write lock from another process's connection for ``seconds``."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        await asyncio.to_thread(_hold_sqlite, parsed.database or "", seconds)
        return
    engine = create_async_engine(async_url(url))
    try:
        async with engine.begin() as db:  # every write to runs waits; reads go on
            await db.execute(text("LOCK TABLE runs IN SHARE ROW EXCLUSIVE MODE"))
            await asyncio.sleep(seconds)
    finally:
        await engine.dispose()


def _hold_sqlite(path: str, seconds: float) -> None:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")  # readers go on; every writer waits or fails
        time.sleep(seconds)
        db.execute("ROLLBACK")
    finally:
        db.close()


@dataclass
class Injector:
    """Applies each fault of the schedule to the running service."""

    http: httpx.AsyncClient
    database_url: str
    clock: WallClockStep
    blocked: list[int]  # the payees who "block the bot" during the 403 fault

    def actions(self) -> dict[str, Callable[[Fault], Awaitable[str]]]:
        """What each fault does; each returns a note for the report."""
        return {
            "telegram down": lambda f: self._telegram("down", f, []),
            "telegram 429": lambda f: self._telegram("429", f, []),
            "payee blocked the bot (403)": lambda f: self._telegram("403", f, self.blocked),
            "database locked": self._lock,
        }

    async def apply(self, fault: Fault) -> str:
        """Inject ``fault`` and wait until it is over; a note on how it went."""
        action = self.actions().get(fault.name)
        if action is not None:
            return await action(fault)
        return await self._step(fault)

    async def _telegram(self, mode: str, fault: Fault, chats: list[int]) -> str:
        await telegram(self.http, mode, fault.seconds, chats)
        await asyncio.sleep(fault.seconds)
        return f"{mode} for {fault.seconds:.0f} s" + (f", chats {chats}" if chats else "")

    async def _lock(self, fault: Fault) -> str:
        await lock_database(self.database_url, fault.seconds)
        return f"write lock held {fault.seconds:.0f} s by another connection"

    async def _step(self, fault: Fault) -> str:
        if not self.clock.available:
            return f"skipped: {self.clock.missing}"
        self.clock.step(CLOCK_STEP_SECONDS)
        await asyncio.sleep(fault.seconds)
        return f"service wall clock stepped +{CLOCK_STEP_SECONDS} s (libfaketime)"
