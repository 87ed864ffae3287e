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


def test_runs_from_before_the_payer_column_get_their_payments_payer(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade(f"sqlite:///{path}", "0017_profile_revisions")
    with sqlite3.connect(path) as db:
        for user in ("payer", "payee"):
            db.execute(
                "insert into users (id, telegram_id, name, timezone, profile_revision)"
                " values (?, ?, ?, 'UTC', 0)",
                (user, 1 if user == "payer" else 2, user),
            )
        db.execute(
            "insert into payments (id, payer_id, payee_id, amount_units, asset, first_run,"
            " timezone, status, details_hash, created_at, confirm_expires_at)"
            " values ('p1', 'payer', 'payee', 1, 'USDC', '2026-01-01 00:00:00', 'UTC',"
            " 'completed', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        db.execute(
            "insert into runs (id, payment_id, scheduled_at, idempotency_key, status)"
            " values ('r1', 'p1', '2026-01-01 00:00:00', 'k1', 'succeeded')"
        )
    upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as db:
        assert db.execute("select payer_id from runs").fetchall() == [("payer",)]
        indexes = {row[1] for row in db.execute("pragma index_list('runs')")}
        assert "ix_runs_payer_executed" in indexes
