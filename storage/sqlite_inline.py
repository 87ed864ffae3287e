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
LONG_STATEMENT_S = 0.002
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


class InlineCursor:
    """An awaitable cursor over a sqlite3 cursor (the shape of aiosqlite's Cursor)."""

    def __init__(self, cursor: sqlite3.Cursor, busy: BusyWait, owner: "InlineConnection") -> None:
        self._cursor = cursor
        self._busy = busy
        self._owner = owner
        self._took = 0.0

    def _timed(self, call: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any) -> T:
            began = time.perf_counter()
            try:
                return call(*args)
            finally:
                self._took = time.perf_counter() - began

        return timed

    async def _yield_if_long(self) -> None:
        # Reads run to completion with their caller: a chat reply is a few point queries and
        # interleaving them only made every reply wait for all the others. A writing unit (a
        # scheduler batch, mostly) lets the loop run what waited after each statement, as a
        # thread hop did, so a tick of hundreds of runs does not hold the loop for its length.
        if self._owner.writing or self._took >= LONG_STATEMENT_S:
            await asyncio.sleep(0)

    async def __aenter__(self) -> "InlineCursor":
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> "InlineCursor":
        """Run one statement."""
        if sql.startswith("BEGIN IMMEDIATE"):
            self._owner.writing = True
        await self._busy.run(self._timed(self._cursor.execute), sql, parameters)
        await self._yield_if_long()
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> "InlineCursor":
        """Run one statement for every parameter row."""
        await self._busy.run(self._timed(self._cursor.executemany), sql, list(rows))
        await self._yield_if_long()
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

    def __init__(self, connection: sqlite3.Connection, busy: BusyWait) -> None:
        self._connection: sqlite3.Connection | None = connection  # SQLAlchemy checks it is set
        self._busy = busy
        self.writing = False  # inside a BEGIN IMMEDIATE transaction

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
        self.writing = False

    async def rollback(self) -> None:
        """Roll back the open transaction."""
        self._open.rollback()
        self.writing = False

    async def close(self) -> None:
        """Close; closing twice is harmless."""
        self.stop()

    def stop(self) -> None:
        """Close without awaiting (SQLAlchemy's terminate on garbage collection)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

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
    busy = BusyWait(busy_timeout_s)

    async def connect() -> InlineConnection:
        # timeout=0: sqlite3's own busy handler would sleep on the loop's thread.
        # check_same_thread=False: the pool may close a connection from a finaliser.
        connection = sqlite3.connect(
            path, timeout=0, isolation_level=None, check_same_thread=False, uri=uri
        )
        return InlineConnection(connection, busy)

    return connect
