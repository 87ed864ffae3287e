"""Onboarding, balance and upcoming questions, and the validator on the in-memory unit of work."""

from datetime import timedelta
from decimal import Decimal

from core.accounts import onboarding
from core.accounts.validate import validate
from core.queries.ask import ask
from core.queries.balance import read_balance
from core.schedule import Schedule
from tests.unit.in_memory import ALICE, BOB, with_policy, world


async def test_start_registers_once_and_credits_the_sandbox_money_once() -> None:
    w = world()
    first = await onboarding.start(w.deps, ALICE, "Alice", "alice")
    again = await onboarding.start(w.deps, ALICE, "Alice", "alice")
    assert first.created and first.credited == Decimal(1000)
    assert not again.created and again.credited == Decimal(0) and again.user == first.user
    assert (await read_balance(w.deps, ALICE)).balance == Decimal(1000)
    async with w.db(read_only=True) as uow:
        assert await uow.users.count() == 1 and len(await uow.wallets.journals()) == 1


async def test_start_without_the_sandbox_opens_an_empty_wallet() -> None:
    w = with_policy(world(), sandbox=False)
    welcome = await onboarding.start(w.deps, ALICE, "Alice", None)
    assert welcome.created and welcome.credited == Decimal(0)
    view = await read_balance(w.deps, ALICE)
    assert (view.balance, view.available) == (Decimal(0), Decimal(0))


async def test_balance_and_upcoming_questions_answer_from_the_ledger() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    assert await ask(w.deps, ALICE, "balance") == "You have 1,000.00 USDC."
    assert await ask(w.deps, ALICE, "upcoming") == "You have no upcoming payments."
    await w.confirm(await w.propose(alice, bob, "120"), ALICE)
    first = w.clock.now() + timedelta(days=2)
    weekly = Schedule(first_run=first, timezone="UTC", rrule="FREQ=WEEKLY")
    await w.confirm(await w.propose(alice, bob, "25", weekly), ALICE)
    assert await ask(w.deps, ALICE, "balance") == "You have 880.00 USDC."
    upcoming = await ask(w.deps, ALICE, "upcoming")
    assert upcoming.startswith("You have 1 upcoming payment(s):")
    assert "25.00 USDC to Bob" in upcoming


async def test_validate_finds_nothing_wrong_after_payments() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    await w.confirm(await w.propose(alice, bob, "120"), ALICE)
    assert await validate(w.deps) == []


async def test_validate_reports_a_cached_balance_its_entries_do_not_explain() -> None:
    w = world()
    alice = await w.user(ALICE, "Alice")
    async with w.db(read_only=True) as uow:
        wallet = await uow.wallets.wallet(alice.id, "USDC")
    assert wallet is not None
    w.db.tables.balance_units[wallet.id] += 1  # a write that bypassed the ledger
    [problem] = await validate(w.deps)
    assert problem.startswith(f"wallet {wallet.id} caches") and "entries sum to 1000" in problem


async def test_validate_reports_a_run_executed_without_an_assessment() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    answered = await w.confirm(await w.propose(alice, bob, "120"), ALICE)
    assert answered.execution is not None
    run_id = answered.execution.run.id
    w.db.tables.assessments = [a for a in w.db.tables.assessments if a.run_id != run_id]
    assert f"run {run_id} was executed without a risk assessment" in await validate(w.deps)
