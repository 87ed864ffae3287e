"""`validate` catches deliberately corrupted ledgers, through the use case, the CLI and REST."""

import asyncio
import sqlite3
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from bot.api.app import create_app
from bot.cli import main
from bot.composition.container import Container
from core import people
from core.accounts import onboarding
from core.accounts.validate import validate
from core.intent import Intent
from core.payments import proposals
from tests.conftest import API_TOKEN

ALICE, BOB = 1, 2


async def paid_once(container: Container) -> None:
    """Two users and one executed payment: a sound ledger to corrupt."""
    deps = container.deps
    await onboarding.start(deps, ALICE, "Alice", "alice")
    bob = (await onboarding.start(deps, BOB, "Bob", "bob")).user.id
    async with deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
    proposal = await proposals.propose(
        deps, payer, Intent(kind="pay", recipient=bob, amount=Decimal(10))
    )
    await proposals.answer(deps, proposal.payment.id, proposal.payment.details_hash, ALICE, True)


def database(container: Container) -> Path:
    return Path(container.settings.database_url.removeprefix("sqlite:///"))


def corrupt(container: Container, *statements: str) -> None:
    with sqlite3.connect(database(container)) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            db.execute(statement)


async def test_a_sound_ledger_has_no_problems(container: Container) -> None:
    await paid_once(container)
    assert await validate(container.deps) == []


async def test_a_deleted_entry_unbalances_its_journal(container: Container) -> None:
    await paid_once(container)
    corrupt(
        container,
        "DELETE FROM entries WHERE id = (SELECT e.id FROM entries e JOIN journals j"
        " ON j.id = e.journal_id WHERE j.kind = 'payment' AND e.amount_units > 0)",
    )
    problems = await validate(container.deps)
    assert any("(payment) does not balance: USDC -10" in p for p in problems), problems


async def test_an_inserted_unbalanced_journal_is_reported(container: Container) -> None:
    await paid_once(container)
    corrupt(
        container,
        "INSERT INTO journals (id, key, kind, run_id, created_at)"
        " VALUES ('bad', 'bad', 'manual', NULL, '2026-03-04 10:00:00')",
        "INSERT INTO entries (journal_id, account_id, asset, amount_units)"
        " SELECT 'bad', id, asset, 5000000 FROM accounts WHERE kind = 'wallet' LIMIT 1",
    )
    problems = await validate(container.deps)
    assert any(p.startswith("journal bad (manual) does not balance") for p in problems)


async def test_a_succeeded_run_without_an_assessment_is_reported(container: Container) -> None:
    await paid_once(container)
    corrupt(container, "DELETE FROM risk_assessments WHERE run_id IS NOT NULL")
    problems = await validate(container.deps)
    assert any(p.endswith("was executed without a risk assessment") for p in problems)


async def test_a_run_with_two_journals_or_none_is_reported(container: Container) -> None:
    await paid_once(container)
    corrupt(container, "UPDATE journals SET run_id = NULL WHERE kind = 'payment'")
    assert any("has 0 journals" in p for p in await validate(container.deps))
    corrupt(
        container,
        "UPDATE journals SET run_id = (SELECT id FROM runs) WHERE kind IN ('payment',"
        " 'sandbox_credit')",
    )
    assert any("has 3 journals" in p for p in await validate(container.deps))


async def test_a_negative_wallet_and_a_stale_cache_are_reported(container: Container) -> None:
    await paid_once(container)
    corrupt(
        container,
        "UPDATE entries SET amount_units = -2000000000 WHERE amount_units = 1000000000"
        " AND account_id = (SELECT id FROM accounts WHERE kind = 'wallet' LIMIT 1)",
    )
    problems = await validate(container.deps)
    assert any(" is negative: " in p for p in problems), problems
    assert any(" caches " in p for p in problems)


async def test_the_cli_exits_non_zero_on_problems_and_lists_them(
    container: Container, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await paid_once(container)
    monkeypatch.setenv("DATABASE_URL", container.settings.database_url)
    assert await asyncio.to_thread(main, ["validate"]) == 0
    assert "ledger is valid" in capsys.readouterr().out
    corrupt(container, "DELETE FROM risk_assessments WHERE run_id IS NOT NULL")
    assert await asyncio.to_thread(main, ["validate"]) == 1
    out = capsys.readouterr().out
    assert "without a risk assessment" in out and "1 problem(s) found" in out


async def test_the_rest_endpoint_needs_a_token_and_reports_problems(container: Container) -> None:
    await paid_once(container)
    app = create_app(container)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        assert (await http.post("/v1/system/validate")).status_code == 401
        auth = {"Authorization": f"Bearer {API_TOKEN}"}
        assert (await http.post("/v1/system/validate", headers=auth)).json() == {
            "ok": True,
            "problems": [],
        }
        corrupt(container, "DELETE FROM risk_assessments WHERE run_id IS NOT NULL")
        body = (await http.post("/v1/system/validate", headers=auth)).json()
    assert body["ok"] is False and len(body["problems"]) == 1
