import sqlite3
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config, upgrade

TABLES = {
    "users",
    "accounts",
    "journals",
    "entries",
    "payments",
    "runs",
    "risk_assessments",
    "user_limits",
    "outbox",
    "gateway_minutes",
    "incidents",
    "agent_actions",
}


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("select name from sqlite_master where type='table'")}


def test_upgrade_from_empty_creates_every_table(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    upgrade(f"sqlite:///{path}")
    assert tables(path) >= TABLES
    with sqlite3.connect(path) as db:
        head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{path}")).get_current_head()
        assert db.execute("select version_num from alembic_version").fetchall() == [(head,)]


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    upgrade(f"sqlite:///{path}")
    before = tables(path)
    upgrade(f"sqlite:///{path}")
    assert tables(path) == before


def test_downgrade_to_base_removes_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "down.db"
    upgrade(f"sqlite:///{path}")
    command.downgrade(alembic_config(f"sqlite:///{path}"), "base")
    assert not (TABLES & tables(path))
