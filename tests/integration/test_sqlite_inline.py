"""The inline SQLite driver: a writer waiting for the lock yields the loop, never freezes it."""

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import create_engine
from storage.sqlite_inline import TIME_SLICE_S, BusyWait


async def _table(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as db:
        await db.execute(text("CREATE TABLE tally (n INTEGER NOT NULL)"))
    await engine.dispose()


async def test_a_writer_waits_for_another_in_the_same_process_without_blocking_it(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'inline.db'}"
    await _table(url)
    engine = create_engine(url)
    first_holds_lock = asyncio.Event()
    order: list[str] = []
    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:  # a frozen loop shows as a long gap between beats
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.01)
            gaps.append(loop.time() - last)
            last = loop.time()

    async def first() -> None:
        async with engine.begin() as db:  # BEGIN IMMEDIATE: the write lock, held across awaits
            await db.execute(text("INSERT INTO tally VALUES (1)"))
            first_holds_lock.set()
            await asyncio.sleep(0.2)  # a blocking busy handler would never let this finish
            order.append("first commits")

    async def second() -> None:
        await first_holds_lock.wait()
        async with engine.begin() as db:
            order.append("second has the lock")
            await db.execute(text("INSERT INTO tally VALUES (2)"))

    beating = asyncio.create_task(heartbeat())
    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=5)
    done.set()
    await beating
    async with engine.connect() as db:
        rows = (await db.execute(text("SELECT n FROM tally ORDER BY n"))).scalars().all()
    await engine.dispose()
    assert order == ["first commits", "second has the lock"]
    assert rows == [1, 2]
    assert max(gaps) < 1.0  # generous: sqlite3's own busy handler would sleep here for seconds


async def test_a_reader_sees_its_snapshot_while_a_writer_commits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inline.db'}"
    await _table(url)
    engine = create_engine(url)
    reader = engine.execution_options(arcflux_read_only=True)
    async with reader.connect() as db:
        await db.begin()
        before = (await db.execute(text("SELECT count(*) FROM tally"))).scalar_one()
        async with engine.begin() as writer:  # WAL: the writer is not queued behind the reader
            await writer.execute(text("INSERT INTO tally VALUES (1)"))
        during = (await db.execute(text("SELECT count(*) FROM tally"))).scalar_one()
    async with engine.connect() as db:
        after = (await db.execute(text("SELECT count(*) FROM tally"))).scalar_one()
    await engine.dispose()
    assert (before, during, after) == (0, 0, 1)


async def test_busy_wait_gives_up_after_its_timeout_with_sqlites_own_error() -> None:
    calls = 0

    def always_locked() -> None:
        nonlocal calls
        calls += 1
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await BusyWait(timeout_s=0.05).run(always_locked)
    assert calls > 2  # it did retry, then stopped


async def test_busy_wait_does_not_retry_other_errors() -> None:
    calls = 0

    def broken() -> None:
        nonlocal calls
        calls += 1
        raise sqlite3.OperationalError("no such table: nowhere")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await BusyWait(timeout_s=5).run(broken)
    assert calls == 1


async def test_a_unit_that_holds_the_loop_for_a_slice_lets_others_run_and_a_short_one_does_not(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'inline.db'}"
    await _table(url)
    engine = create_engine(url)
    beats = 0

    async def heartbeat() -> None:
        nonlocal beats
        while True:
            await asyncio.sleep(0)
            beats += 1

    async def unit(statements: int, work_s: float) -> int:
        """How often the heartbeat ran while this unit was open."""
        async with engine.begin() as db:
            before = beats
            for n in range(statements):
                busy_until = time.perf_counter() + work_s  # Python work between statements
                while time.perf_counter() < busy_until:
                    pass
                await db.execute(text("INSERT INTO tally VALUES (:n)"), {"n": n})
            return beats - before

    beating = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)
    long_unit = await unit(20, 3 * TIME_SLICE_S / 10)  # ~6 slices: e.g. a scheduler batch
    short_unit = await unit(3, 0.0)  # e.g. a chat reply
    beating.cancel()
    await engine.dispose()
    assert long_unit >= 3  # others ran between its statements
    assert short_unit == 0  # ran to completion: interleaving would only delay every reply


async def test_writers_in_one_process_get_the_lock_in_the_order_they_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inline.db'}"
    await _table(url)
    engine = create_engine(url)
    order: list[int] = []

    async def writer(n: int) -> None:
        async with engine.begin() as db:
            order.append(n)
            await asyncio.sleep(0.005)  # holds the lock across an await, like a batch
            await db.execute(text("INSERT INTO tally VALUES (:n)"), {"n": n})

    await asyncio.gather(*(writer(n) for n in range(12)))
    await engine.dispose()
    assert order == list(range(12))  # polling with backoff let late writers overtake
