"""The in-memory unit of work keeps the contracts the SQL one keeps."""

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.entities import Account, AccountKind, Payment, Run, User
from core.ledger import transfer
from core.payment_ports import RunOutcome
from core.ports import UnitOfWorkFactory
from core.schedule import Schedule
from core.states import PaymentStatus, RunStatus
from core.wallet_ports import Hold
from tests.memory_repos import UniqueViolation
from tests.memory_uow import MemoryDatabase

NOW = datetime(2026, 3, 4, 10, tzinfo=UTC)


def typed(db: MemoryDatabase) -> UnitOfWorkFactory:
    """The fake is a UnitOfWorkFactory (mypy checks this assignment)."""
    return db


def payment(status: PaymentStatus = PaymentStatus.AWAITING_CONFIRMATION) -> Payment:
    return Payment(
        "p1", "u1", "u2", Decimal(10), "USDC", Schedule.once(NOW), status, "0123456789",
        NOW, NOW + timedelta(minutes=15),
    )  # fmt: skip


async def funded(db: MemoryDatabase) -> Account:
    """u1 with a 100 USDC wallet credited from the sandbox funding account."""
    wallet = Account("w1", "USDC", AccountKind.WALLET, "u1")
    async with typed(db)() as uow:
        await uow.users.add(User("u1", 101, "User 1"))
        await uow.wallets.add(Account("funding", "USDC", AccountKind.SANDBOX_FUNDING))
        await uow.wallets.add(wallet)
        credit = transfer(
            journal_id="j0", key="credit", kind="sandbox_credit", source_account="funding",
            target_account="w1", asset="USDC", amount=Decimal(100), at=NOW,
        )  # fmt: skip
        await uow.wallets.post([credit], {})
        await uow.commit()
    return wallet


async def test_leaving_without_commit_keeps_nothing() -> None:
    db = MemoryDatabase()
    async with db() as uow:
        await uow.users.add(User("u1", 101, "User 1"))
    async with db(read_only=True) as uow:
        assert await uow.users.count() == 0


async def test_a_read_only_unit_cannot_commit() -> None:
    async with MemoryDatabase()(read_only=True) as uow:
        with pytest.raises(RuntimeError):
            await uow.commit()


async def test_one_of_two_racing_transitions_wins() -> None:
    db = MemoryDatabase()
    async with db() as uow:
        await uow.payments.add(payment())
        await uow.commit()

    async def confirm() -> bool:
        async with db() as uow:
            moved = await uow.payments.transition(
                "p1", PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.SCHEDULED
            )
            await asyncio.sleep(0)  # let the other writer try meanwhile
            await uow.commit()
            return moved

    assert sorted(await asyncio.gather(confirm(), confirm())) == [False, True]


async def test_a_journal_key_and_a_run_key_are_each_stored_once() -> None:
    db = MemoryDatabase()
    wallet = await funded(db)
    async with db() as uow:
        again = transfer(
            journal_id="j1", key="credit", kind="sandbox_credit", source_account="funding",
            target_account="w1", asset="USDC", amount=Decimal(100), at=NOW,
        )  # fmt: skip
        with pytest.raises(UniqueViolation):
            await uow.wallets.post([again], {})
        await uow.payments.add(payment(PaymentStatus.SCHEDULED))
        await uow.payments.add_runs([Run("r1", "p1", NOW, "key-1", RunStatus.DUE)])
        await uow.payments.add_runs([Run("r2", "p1", NOW, "key-1", RunStatus.DUE)])
        assert [r.id for r in await uow.payments.runs_of("p1")] == ["r1"]
        assert await uow.wallets.entries_balance(wallet.id) == Decimal(100)


async def test_holds_stay_within_the_balance_and_postings_release_them() -> None:
    db = MemoryDatabase()
    wallet = await funded(db)
    async with db() as uow:
        holds = [Hold(f"r{i}", wallet.id, Decimal(40), "USDC") for i in range(3)]
        assert await uow.wallets.reserve(holds) == {"r0", "r1"}
        assert await uow.wallets.funds("u1", "USDC") == (Decimal(100), Decimal(20))
        await uow.wallets.post([], {wallet.id: Decimal(80)})
        assert await uow.wallets.funds("u1", "USDC") == (Decimal(100), Decimal(100))


async def test_a_claimed_run_goes_to_one_caller_and_finishes_once() -> None:
    db = MemoryDatabase()
    async with db() as uow:
        await uow.payments.add(payment(PaymentStatus.SCHEDULED))
        await uow.payments.add_runs([Run("r1", "p1", NOW, "k1", RunStatus.DUE)])
        assert [r.id for r in await uow.payments.claim(NOW, 10)] == ["r1"]
        assert await uow.payments.claim(NOW, 10) == []
        stale = await uow.payments.reclaim_abandoned(NOW + timedelta(minutes=5), NOW, 10)
        assert [r.id for r in stale] == ["r1"]
        done = [RunOutcome("r1", RunStatus.SUCCEEDED, "gw")]
        assert await uow.payments.finish(done, NOW, RunStatus.EXECUTING) == {"r1"}
        assert await uow.payments.finish(done, NOW, RunStatus.EXECUTING) == set()
