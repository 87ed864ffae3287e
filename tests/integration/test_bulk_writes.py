"""The tick's batch writes (one statement per table on PostgreSQL) store what a row-by-row
write would, on both databases."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from bot.adapters import TimeOrderedIds
from bot.composition.container import Container
from core.entities import Account, AccountKind, Payment, RiskAssessment, RiskLevel, User
from core.ledger import transfer
from core.notices import Action, Notice
from core.schedule import Schedule
from core.scheduling.types import new_run
from core.states import PaymentStatus
from core.wallet_ports import Hold

NOW = datetime(2026, 3, 4, 10, tzinfo=UTC)
WALLETS = 4


async def funded(system: Container) -> list[Account]:
    """Four users with a 100 USDC wallet each."""
    wallets = [Account(f"w{n}", "USDC", AccountKind.WALLET, f"u{n}") for n in range(WALLETS)]
    async with system.deps.uow() as uow:
        await uow.wallets.add(Account("funding", "USDC", AccountKind.SANDBOX_FUNDING))
        for n, wallet in enumerate(wallets):
            await uow.users.add(User(f"u{n}", 100 + n, f"User {n}", f"u{n}"))
            await uow.wallets.add(wallet)
            credit = transfer(
                journal_id=f"c{n}",
                key=f"credit-{n}",
                kind="sandbox_credit",
                source_account="funding",
                target_account=wallet.id,
                asset="USDC",
                amount=Decimal(100),
                at=NOW,
            )
            await uow.wallets.post([credit], {})
        await uow.commit()
    return wallets


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


async def test_notices_are_queued_once_per_key_with_their_buttons(system: Container) -> None:
    cancel = Action("Cancel", "cancel_series", "p1")
    first = [Notice("k1", 1, "with a button", (cancel,)), Notice("k2", 2, "plain")]
    again = [Notice("k1", 1, "a second copy"), Notice("k3", 3, "new")]
    async with system.deps.uow() as uow:
        await uow.outbox.add(first, NOW)
        await uow.outbox.add(again, NOW)
        await uow.commit()
    async with system.deps.uow() as uow:
        queued = await uow.outbox.lease(NOW, NOW, 10)
    assert sorted((q.notice.key, q.notice.text, q.notice.actions) for q in queued) == [
        ("k1", "with a button", (cancel,)),
        ("k2", "plain", ()),
        ("k3", "new", ()),
    ]


async def test_a_batch_of_runs_skips_keys_already_queued(system: Container) -> None:
    await funded(system)
    ids = TimeOrderedIds()
    pay = Payment(
        "p1", "u0", "u1", Decimal(1), "USDC", Schedule.once(NOW), PaymentStatus.SCHEDULED,
        "0123456789", NOW, NOW,
    )  # fmt: skip
    async with system.deps.uow() as uow:
        await uow.payments.add(pay)
        await uow.payments.add_runs([new_run(ids, "p1", NOW)])
        await uow.payments.add_runs(
            [new_run(ids, "p1", NOW), new_run(ids, "p1", NOW.replace(hour=11))]
        )
        await uow.commit()
        assert sorted(r.scheduled_at.hour for r in await uow.payments.runs_of("p1")) == [
            10,
            11,
        ]


async def test_holds_across_wallets_are_taken_together_and_never_exceed_a_balance(
    system: Container,
) -> None:
    w = await funded(system)
    holds = [Hold(f"r{n}", w[n % 2].id, Decimal(40), "USDC") for n in range(6)]
    async with system.deps.uow() as uow:
        assert await uow.wallets.reserve(holds) == {"r0", "r1", "r2", "r3"}
        await uow.commit()
    async with system.deps.uow() as uow:
        assert [await available(uow, a) for a in w] == [
            Decimal(20),
            Decimal(20),
            Decimal(100),
            Decimal(100),
        ]


async def test_a_batch_posting_moves_balances_as_its_entries_do(system: Container) -> None:
    w = await funded(system)
    payments = [(w[0], w[1], Decimal(30)), (w[0], w[2], Decimal(20)), (w[3], w[0], Decimal(5))]
    journals = [
        transfer(
            journal_id=f"j{n}",
            key=f"run-{n}",
            kind="payment",
            source_account=src.id,
            target_account=dst.id,
            asset="USDC",
            amount=amount,
            at=NOW,
        )
        for n, (src, dst, amount) in enumerate(payments)
    ]
    async with system.deps.uow() as uow:
        holds = [
            Hold(f"r{n}", src.id, amount, "USDC") for n, (src, _, amount) in enumerate(payments)
        ]
        assert len(await uow.wallets.reserve(holds)) == len(payments)
        await uow.wallets.post(journals, {w[0].id: Decimal(50), w[3].id: Decimal(5)})
        await uow.commit()
    async with system.deps.uow() as uow:
        for account, expected in zip(w, (55, 130, 120, 95), strict=True):
            assert await balance(uow, account) == Decimal(expected)
            assert await uow.wallets.entries_balance(account.id) == Decimal(expected)
            assert await available(uow, account) == Decimal(expected)  # holds released


async def test_assessments_stored_in_a_batch_keep_their_features(system: Container) -> None:
    await funded(system)
    pay = Payment(
        "p1", "u0", "u1", Decimal(1), "USDC", Schedule.once(NOW), PaymentStatus.SCHEDULED,
        "0123456789", NOW, NOW,
    )  # fmt: skip
    features = {"amount": "1", "local_hour": None}
    stored = [
        RiskAssessment(f"a{n}", "p1", n, RiskLevel.ALLOW, ("why",), features, ("rule",), "v1", NOW)
        for n in range(3)
    ]
    async with system.deps.uow() as uow:
        await uow.payments.add(pay)
        await uow.assessments.add_many(stored)
        await uow.commit()
    async with system.deps.uow() as uow:
        assert sorted(await uow.assessments.for_payment("p1"), key=lambda a: a.id) == stored
