import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from bot.composition.container import Container
from core.entities import Account, AccountKind, Payment, Run, User
from core.ledger import transfer
from core.schedule import Schedule
from core.states import PaymentStatus, RunStatus
from core.wallet_ports import Hold
from storage.postings import ReservationError

NOW = datetime(2026, 3, 4, 10, tzinfo=UTC)


async def seed(container: Container) -> tuple[Account, Account, Account]:
    async with container.deps.uow() as uow:
        for n in (1, 2):
            await uow.users.add(User(f"user{n}", 100 + n, f"User {n}", f"u{n}"))
        funding = Account("funding", "USDC", AccountKind.SANDBOX_FUNDING)
        a = Account("wallet1", "USDC", AccountKind.WALLET, "user1")
        b = Account("wallet2", "USDC", AccountKind.WALLET, "user2")
        for account in (funding, a, b):
            await uow.wallets.add(account)
        await uow.wallets.post(
            [
                transfer(
                    journal_id="j0",
                    key="credit",
                    kind="sandbox_credit",
                    source_account="funding",
                    target_account="wallet1",
                    asset="USDC",
                    amount=Decimal(100),
                    at=NOW,
                )
            ],
            {},
        )
        await uow.commit()
    return funding, a, b


async def balance(uow: Any, wallet: Account) -> Decimal:
    """The wallet's cached balance."""
    funds = await uow.wallets.funds(wallet.owner_id, wallet.asset)
    assert funds is not None
    return Decimal(funds[0])


async def available(uow: Any, wallet: Account) -> Decimal:
    """The wallet's balance less its holds."""
    funds = await uow.wallets.funds(wallet.owner_id, wallet.asset)
    assert funds is not None
    return Decimal(funds[1])


def payment(pid: str = "p1") -> Payment:
    return Payment(
        pid,
        "user1",
        "user2",
        Decimal(10),
        "USDC",
        Schedule.once(NOW),
        PaymentStatus.AWAITING_CONFIRMATION,
        "0123456789",
        NOW,
        NOW + timedelta(minutes=15),
    )


async def test_a_posted_journal_moves_cached_balances_and_entries_alike(
    container: Container,
) -> None:
    _, a, _ = await seed(container)
    async with container.deps.uow() as uow:
        assert await balance(uow, a) == Decimal(100)
        assert await uow.wallets.entries_balance(a.id) == Decimal(100)
        assert await uow.wallets.entries_balance("funding") == Decimal(-100)


async def test_a_key_posted_once_cannot_be_posted_again(container: Container) -> None:
    _, a, _ = await seed(container)
    async with container.deps.uow() as uow:
        assert await uow.wallets.posted("credit") and not await uow.wallets.posted("other")
        again = transfer(
            journal_id="j1",
            key="credit",
            kind="sandbox_credit",
            source_account="funding",
            target_account=a.id,
            asset="USDC",
            amount=Decimal(100),
            at=NOW,
        )
        with pytest.raises(IntegrityError):
            await uow.wallets.post([again], {})
    async with container.deps.uow() as uow:
        assert await balance(uow, a) == Decimal(100)
        assert len(await uow.wallets.journals()) == 1


async def test_reservations_reduce_what_is_available_and_cannot_exceed_it(
    container: Container,
) -> None:
    _, a, _ = await seed(container)
    async with container.deps.uow() as uow:
        assert await uow.wallets.reserve([Hold("r0", a.id, Decimal(60), "USDC")]) == {"r0"}
        assert await uow.wallets.reserve([Hold("r1", a.id, Decimal(41), "USDC")]) == set()
        assert await available(uow, a) == Decimal(40)
        await uow.wallets.post([], {a.id: Decimal(60)})  # a failed run releases its hold
        assert await available(uow, a) == Decimal(100)


async def test_wallet_funds_read_balance_and_available_together(container: Container) -> None:
    _, a, _ = await seed(container)
    async with container.deps.uow() as uow:
        assert await uow.wallets.reserve([Hold("r0", a.id, Decimal("12.5"), "USDC")])
        assert await uow.wallets.funds("user1", "USDC") == (
            Decimal(100),
            Decimal("87.5"),
        )
        assert await uow.wallets.funds("user2", "USDC") == (Decimal(0), Decimal(0))
        assert await uow.wallets.funds("user1", "EUR") is None  # no wallet in that asset


async def test_run_holds_stay_within_the_available_balance(container: Container) -> None:
    _, a, _ = await seed(container)
    async with container.deps.uow() as uow:
        holds = [Hold(f"r{i}", a.id, Decimal(40), "USDC") for i in range(3)]
        assert await uow.wallets.reserve(holds) == {"r0", "r1"}
        assert await available(uow, a) == Decimal(20)


async def test_a_hold_the_database_refused_rolls_the_claim_back(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, a, _ = await seed(container)
    with pytest.raises(ReservationError):
        async with container.deps.uow() as uow:
            queue = uow.wallets
            lock = queue._lock  # type: ignore[attr-defined]

            async def stale(ids: object) -> dict[str, tuple[str, int]]:
                # As if another writer spent the money after our read: we think plenty is free.
                return {k: (asset, 10**15) for k, (asset, _) in (await lock(ids)).items()}

            monkeypatch.setattr(queue, "_lock", stale)
            await queue.reserve([Hold("r0", a.id, Decimal(500), "USDC")])
    async with container.deps.uow() as uow:
        assert await available(uow, a) == Decimal(100)


async def test_only_one_of_two_racing_transitions_wins(container: Container) -> None:
    await seed(container)
    async with container.deps.uow() as uow:
        await uow.payments.add(payment())
        await uow.commit()

    async def confirm() -> bool:
        async with container.deps.uow() as uow:
            moved = await uow.payments.transition(
                "p1", PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.SCHEDULED
            )
            await uow.commit()
            return moved

    assert sorted(await asyncio.gather(confirm(), confirm())) == [False, True]


async def test_a_second_run_with_one_idempotency_key_is_not_stored(container: Container) -> None:
    await seed(container)
    async with container.deps.uow() as uow:
        await uow.payments.add(payment())
        await uow.payments.add_runs([Run("r1", "p1", NOW, "key-1", RunStatus.DUE)])
        await uow.payments.add_runs([Run("r2", "p1", NOW, "key-1", RunStatus.DUE)])
        assert [r.id for r in await uow.payments.runs_of("p1")] == ["r1"]


async def test_datetimes_come_back_timezone_aware_in_utc(container: Container) -> None:
    await seed(container)
    async with container.deps.uow() as uow:
        await uow.payments.add(payment())
        await uow.commit()
    async with container.deps.uow() as uow:
        stored = await uow.payments.get("p1")
    assert stored is not None and stored.created_at == NOW and stored.created_at.tzinfo is not None
    assert stored.amount == Decimal(10)
