"""Helpers for the scheduler tests: people, standing payments, and ledger checks."""

from collections import Counter
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from bot.composition.container import Container
from core.accounts import onboarding
from core.entities import Payment, Run
from core.intent import Intent
from core.payments import proposals
from core.people import registered_user
from core.schedule import Schedule
from storage.models import AccountRow, EntryRow, JournalRow, OutboxRow, RunRow

ALICE, BOB, MALLORY = 1, 2, 3


async def people(system: Container) -> dict[int, str]:
    ids = {}
    for tg, name in ((ALICE, "Alice"), (BOB, "Bob"), (MALLORY, "Mallory")):
        ids[tg] = (await onboarding.start(system.deps, tg, name, name.lower())).user.id
    return ids


async def standing(
    system: Container, payee_id: str, amount: str, schedule: Schedule, payer_tg: int = ALICE
) -> Payment:
    """A payment the payer (Alice by default) asked for and confirmed."""
    async with system.deps.uow() as uow:
        payer = await registered_user(uow, payer_tg)
    intent = Intent(kind="pay", recipient=payee_id, amount=Decimal(amount), schedule=schedule)
    proposal = await proposals.propose(system.deps, payer, intent)
    p = proposal.payment
    return (await proposals.answer(system.deps, p.id, p.details_hash, payer_tg, True)).payment


def weekly(first: datetime, timezone: str = "UTC", count: int | None = None) -> Schedule:
    return Schedule(first_run=first, timezone=timezone, rrule="FREQ=WEEKLY", count=count)


def daily(first: datetime, timezone: str = "UTC", count: int | None = None) -> Schedule:
    return Schedule(first_run=first, timezone=timezone, rrule="FREQ=DAILY", count=count)


async def runs_of(system: Container, payment_id: str) -> list[Run]:
    async with system.deps.uow() as uow:
        return list(await uow.payments.runs_of(payment_id))


async def payment(system: Container, payment_id: str) -> Payment:
    async with system.deps.uow() as uow:
        found = await uow.payments.get(payment_id)
    assert found is not None
    return found


async def due_runs(system: Container, by: datetime) -> list[str]:
    """Ids of the runs still due at or before ``by``, soonest first."""
    async with system.engine.connect() as db:
        query = (
            select(RunRow.id)
            .where(RunRow.status == "due", RunRow.scheduled_at <= by)
            .order_by(RunRow.scheduled_at)
        )
        return list((await db.execute(query)).scalars())


async def outbox_keys(system: Container) -> list[str]:
    async with system.engine.connect() as db:
        return list((await db.execute(select(OutboxRow.dedupe_key))).scalars())


async def assert_ledger_sound(system: Container) -> None:
    """Journals balance, cached balances equal the entries, nothing stays reserved,
    and no run has more than one journal."""
    async with system.engine.connect() as db:
        per_asset = (
            await db.execute(
                select(EntryRow.asset, func.sum(EntryRow.amount_units)).group_by(EntryRow.asset)
            )
        ).all()
        assert all(total == 0 for _, total in per_asset)
        sums = dict(
            (
                await db.execute(
                    select(EntryRow.account_id, func.sum(EntryRow.amount_units)).group_by(
                        EntryRow.account_id
                    )
                )
            ).all()
        )
        for account_id, balance, reserved in (
            await db.execute(
                select(AccountRow.id, AccountRow.balance_units, AccountRow.reserved_units)
            )
        ).all():
            assert balance == sums.get(account_id, 0) and reserved == 0
        per_run = Counter(
            (
                await db.execute(select(JournalRow.run_id).where(JournalRow.run_id.is_not(None)))
            ).scalars()
        )
        assert all(n == 1 for n in per_run.values())
        succeeded = (
            await db.execute(
                select(func.count()).select_from(RunRow).where(RunRow.status == "succeeded")
            )
        ).scalar_one()
        assert succeeded == len(per_run)


async def spend(system: Container, payee_id: str, amount: str, payer_tg: int = ALICE) -> None:
    """A one-off payment now, through the step-up second step when the guardian asks for it."""
    async with system.deps.uow() as uow:
        payer = await registered_user(uow, payer_tg)
    intent = Intent(kind="pay", recipient=payee_id, amount=Decimal(amount))
    p = (await proposals.propose(system.deps, payer, intent)).payment
    result = await proposals.answer(system.deps, p.id, p.details_hash, payer_tg, True)
    if result.second_step:
        result = await proposals.answer(
            system.deps, p.id, p.details_hash, payer_tg, True, typed_amount=Decimal(amount)
        )
    assert result.execution is not None and result.execution.succeeded
