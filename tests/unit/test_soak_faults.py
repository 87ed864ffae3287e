"""The soak's fault schedule, its wall-clock step file, and its database lock."""

import asyncio
import itertools
import sqlite3
from pathlib import Path

import pytest

from lab.soak.clock import WallClockStep
from lab.soak.faults import lock_database, schedule


@pytest.mark.parametrize("load_seconds", [30, 60, 180, 600])
def test_the_faults_come_one_after_another_and_fit_in_the_load(load_seconds: float) -> None:
    faults = schedule(load_seconds)
    assert [f.name for f in faults] == [
        "telegram down",
        "telegram 429",
        "payee blocked the bot (403)",
        "database locked",
        "wall clock +2 h",
    ]
    assert faults[0].at >= 0.1 * load_seconds
    assert sum(f.seconds for f in faults) <= 0.5 * load_seconds
    assert all(a.at + a.seconds <= b.at for a, b in itertools.pairwise(faults))


def test_a_long_soak_locks_the_database_past_sqlites_busy_wait() -> None:
    locked = next(f for f in schedule(600) if f.name == "database locked")
    assert locked.seconds > 5


def test_the_step_file_holds_the_offset_libfaketime_reads(tmp_path: Path) -> None:
    step = WallClockStep(tmp_path / "offset", library=Path("/lib/libfaketime.so.1"))
    env = step.environment()
    assert env["LD_PRELOAD"] == "/lib/libfaketime.so.1"
    assert env["FAKETIME_DONT_FAKE_MONOTONIC"] == "1"
    assert (tmp_path / "offset").read_text() == "+0\n"
    step.step(7200)
    assert (tmp_path / "offset").read_text() == "+7200\n"


def test_without_libfaketime_the_service_runs_unfaked(tmp_path: Path) -> None:
    step = WallClockStep(tmp_path / "offset", library=None)
    assert not step.available
    assert step.environment() == {}
    assert "faketime" in step.missing


async def test_the_lock_keeps_other_writers_out_while_it_is_held(tmp_path: Path) -> None:
    path = tmp_path / "soak.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE runs (id INTEGER)")
    holder = asyncio.create_task(lock_database(f"sqlite:///{path}", 1.0))
    await asyncio.sleep(0.3)
    writer = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        writer.execute("INSERT INTO runs VALUES (1)")
    await holder
    writer.execute("INSERT INTO runs VALUES (1)")
    writer.commit()
    writer.close()
