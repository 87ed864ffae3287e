"""The audit trail on SQLite and PostgreSQL: entries commit with their unit; rows never change."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot import cli
from bot.composition.container import Container, build_container
from bot.settings import Settings
from core.audit import Actor, AuditEntry, Door, SubjectKind

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def entry(n: int, payment_id: str = "p1", actor: Actor | None = None) -> AuditEntry:
    return AuditEntry(
        id=f"a{n}",
        at=AT.replace(minute=n),
        actor=actor or Actor.person(123),
        door=Door.TELEGRAM,
        subject_kind=SubjectKind.PAYMENT,
        subject_id=payment_id,
        payment_id=payment_id,
        action="confirm",
        from_state="proposed",
        to_state="scheduled",
        detail={"why": "test"},
    )


async def test_entries_are_listed_oldest_first_with_their_actor(system: Container) -> None:
    async with system.deps.uow() as uow:
        await uow.audit.add([entry(2, actor=Actor.scheduler()), entry(1), entry(3, "p2")])
        await uow.commit()
    async with system.deps.uow(read_only=True) as uow:
        listed = await uow.audit.for_payment("p1")
    assert [e.id for e in listed] == ["a1", "a2"]
    assert [e.actor.describe() for e in listed] == ["person 123 via Telegram", "scheduler"]
    assert listed[0] == entry(1)


async def test_entries_roll_back_with_their_unit_of_work(system: Container) -> None:
    async with system.deps.uow() as uow:
        await uow.audit.add([entry(1)])  # no commit
    async with system.deps.uow(read_only=True) as uow:
        assert await uow.audit.for_payment("p1") == []


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET action = 'forged'", "DELETE FROM audit_entries"],
)
async def test_the_database_refuses_to_change_an_entry(system: Container, statement: str) -> None:
    async with system.deps.uow() as uow:
        await uow.audit.add([entry(1)])
        await uow.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        async with system.deps.uow() as uow:
            await uow._session.execute(text(statement))
            await uow.commit()
    async with system.deps.uow(read_only=True) as uow:
        assert [e.action for e in await uow.audit.for_payment("p1")] == ["confirm"]


async def test_the_cli_prints_a_payments_trail_as_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    built = await build_container(settings, migrate=True)
    async with built.deps.uow() as uow:
        await uow.audit.add([entry(1), entry(2, actor=Actor.scheduler())])
        await uow.commit()
    await built.aclose()
    code = await asyncio.to_thread(cli.main, ["audit", "--payment", "p1"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0 and lines[0].split() == ["at", "actor", "door", "subject", "action", "change"]
    assert "person 123 via Telegram" in lines[1] and "proposed → scheduled" in lines[1]
    assert "scheduler" in lines[2] and len(lines) == 3
