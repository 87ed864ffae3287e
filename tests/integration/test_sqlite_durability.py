"""SQLite for money: commits reach the disk, a lock held elsewhere is answered within seconds."""

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, StatementError

from storage.database import SQLITE_BUSY_TIMEOUT_S, create_engine


async def test_every_commit_is_synced_to_disk(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'full.db'}")
    async with engine.connect() as db:
        mode = (await db.execute(text("PRAGMA synchronous"))).scalar_one()
    await engine.dispose()
    assert mode == 2  # FULL; NORMAL (1) may lose the last commits on a power cut in WAL mode


async def test_a_lock_held_by_another_process_is_answered_within_a_few_seconds(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.db"
    engine = create_engine(f"sqlite:///{path}")
    async with engine.begin() as db:
        await db.execute(text("CREATE TABLE t (n INTEGER)"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    started = time.monotonic()
    try:
        with pytest.raises((OperationalError, sqlite3.OperationalError), match="locked"):
            async with engine.begin() as db:
                await db.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        other.rollback()
        other.close()
        await engine.dispose()
    assert time.monotonic() - started < SQLITE_BUSY_TIMEOUT_S + 1
    assert SQLITE_BUSY_TIMEOUT_S <= 5


async def test_database_errors_do_not_carry_the_statement_parameters(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'params.db'}")
    async with engine.begin() as db:
        await db.execute(text("CREATE TABLE people (name TEXT UNIQUE)"))
        await db.execute(text("INSERT INTO people VALUES ('Alice Secretname')"))
    with pytest.raises(StatementError) as raised:
        async with engine.begin() as db:
            await db.execute(text("INSERT INTO people VALUES (:n)"), {"n": "Alice Secretname"})
    await engine.dispose()
    assert "Alice Secretname" not in str(raised.value)
