"""SQLite driven on the event loop's own thread, behind the async API SQLAlchemy expects.

aiosqlite runs every call on a helper thread: a cursor, an execute, a fetch and a close are
four thread hops for one point query, which cost far more than the query (~1.4 ms for a
read-only unit of one SELECT, against ~0.1 ms here). SQLite answers an indexed lookup in
microseconds, so running it inline is cheaper than handing it off. What inline must not do is
*block*: the connection is opened with no busy timeout and a statement that finds the database
locked is retried after an ``asyncio.sleep``, so a writer waiting for another unit of work in
the same process yields to it instead of freezing the loop that would let it finish.
"""

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

FIRST_WAIT_S = 0.0005
TIME_SLICE_S = 0.01
LONGEST_WAIT_S = 0.02


def _is_busy(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


class BusyWait:
    """Runs a SQLite call, retrying it while the database is locked, up to ``timeout_s``."""

    def __init__(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s

    async def run(self, call: Callable[..., T], *args: Any) -> T:
        """``call(*args)``; on SQLITE_BUSY sleep (yielding the loop) and try again."""
        try:
            return call(*args)  # the common case: no clock read, no loop
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        deadline, wait = time.monotonic() + self._timeout_s, FIRST_WAIT_S
        while True:
            await asyncio.sleep(wait)
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
            wait = min(wait * 2, LONGEST_WAIT_S)


class WriteGate:
    """The writers of one engine take turns in the order they asked (SQLite has one anyway).

    Polling SQLite's lock with backoff let a late writer overtake an early one, again and
    again: with sixteen payment proposals at once the unlucky ones waited seconds. Writers in
    other processes still meet at the file's lock (BusyWait).
    """

    def __init__(self, timeout_s: float) -> None:
        self._lock = asyncio.Lock()
        self._timeout_s = timeout_s

    async def enter(self) -> None:
        """Wait for this engine's other writers (first come, first served)."""
        try:
            async with asyncio.timeout(self._timeout_s):
                await self._lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None

    def leave(self) -> None:
        """Let the next writer in."""
        self._lock.release()


class InlineCursor:
    """An awaitable cursor over a sqlite3 cursor (the shape of aiosqlite's Cursor)."""

    def __init__(self, cursor: sqlite3.Cursor, busy: BusyWait, owner: "InlineConnection") -> None:
        self._cursor = cursor
        self._busy = busy
        self._owner = owner

    async def _yield_after_a_slice(self) -> None:
        # A unit that has held the loop for a time slice lets the others run before its next
        # statement, as a thread hop did, so a scheduler batch of hundreds of runs cannot stall
        # every chat reply for its whole length. Shorter units (a chat reply's few queries, a
        # payment proposal) run to completion: interleaving them only made each wait for all.
        now = time.perf_counter()
        if now - self._owner.slice_began >= TIME_SLICE_S:
            await asyncio.sleep(0)
            self._owner.slice_began = time.perf_counter()

    async def __aenter__(self) -> "InlineCursor":
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> "InlineCursor":
        """Run one statement."""
        if sql.startswith("BEGIN IMMEDIATE"):
            await self._owner.begin_writing()
        if sql.startswith("BEGIN"):
            self._owner.slice_began = time.perf_counter()
        try:
            await self._busy.run(self._cursor.execute, sql, parameters)
        except BaseException:
            if sql.startswith("BEGIN IMMEDIATE"):  # no transaction: let the next writer in
                self._owner.end_writing()
            raise
        await self._yield_after_a_slice()
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> "InlineCursor":
        """Run one statement for every parameter row."""
        await self._busy.run(self._cursor.executemany, sql, list(rows))
        await self._yield_after_a_slice()
        return self

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to ``size`` rows."""
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return self._cursor.fetchall()

    async def close(self) -> None:
        """Release the statement."""
        self._cursor.close()

    @property
    def description(self) -> Any:
        """Column descriptions of the last query."""
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed."""
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """Rowid of the last inserted row."""
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        """Default fetchmany size."""
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """An awaitable connection over sqlite3 (the shape of aiosqlite's Connection)."""

    def __init__(self, connection: sqlite3.Connection, busy: BusyWait, gate: WriteGate) -> None:
        self._connection: sqlite3.Connection | None = connection  # SQLAlchemy checks it is set
        self._busy = busy
        self._gate = gate
        self.writing = False  # inside a BEGIN IMMEDIATE transaction, holding the gate
        self.slice_began = time.perf_counter()  # when this unit last let the loop run others

    async def begin_writing(self) -> None:
        """Take this engine's write turn before BEGIN IMMEDIATE."""
        await self._gate.enter()
        self.writing = True

    def end_writing(self) -> None:
        """Give the write turn back (after commit, rollback or a failed BEGIN)."""
        if self.writing:
            self.writing = False
            self._gate.leave()

    @property
    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    def cursor(self) -> InlineCursor:
        """A new cursor (entered with ``async with`` or awaited methods)."""
        return InlineCursor(self._open.cursor(), self._busy, self)

    async def commit(self) -> None:
        """Commit the open transaction."""
        await self._busy.run(self._open.commit)
        self.end_writing()

    async def rollback(self) -> None:
        """Roll back the open transaction."""
        try:
            self._open.rollback()
        finally:
            self.end_writing()

    async def close(self) -> None:
        """Close; closing twice is harmless."""
        self.stop()

    def stop(self) -> None:
        """Close without awaiting (SQLAlchemy's terminate on garbage collection)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.end_writing()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        """Register a SQL function (SQLAlchemy adds REGEXP)."""
        self._open.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        """None: autocommit at the driver, transactions begun explicitly (see database.py)."""
        return self._open.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._open.isolation_level = value  # type: ignore[assignment]


def connector(path: str, *, uri: bool, busy_timeout_s: float) -> Callable[[], Any]:
    """An ``async_creator`` for create_async_engine opening ``path`` inline."""
    busy, gate = BusyWait(busy_timeout_s), WriteGate(busy_timeout_s)

    async def connect() -> InlineConnection:
        # timeout=0: sqlite3's own busy handler would sleep on the loop's thread.
        # check_same_thread=False: the pool may close a connection from a finaliser.
        connection = sqlite3.connect(
            path, timeout=0, isolation_level=None, check_same_thread=False, uri=uri
        )
        return InlineConnection(connection, busy, gate)

    return connect
