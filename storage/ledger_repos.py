"""Accounts and the ledger: conditional balance updates keep wallets from going negative."""

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Account, AccountKind, Entry, Journal
from core.errors import InsufficientFunds
from core.ledger import assert_balanced
from core.money import from_minor_units, to_minor_units
from storage import mapping
from storage.models import AccountRow, EntryRow, JournalRow

# Built once: constructing the statement cost more than running it on SQLite.
_WALLET_UNITS = select(AccountRow.balance_units, AccountRow.reserved_units).where(
    AccountRow.owner_id == bindparam("owner"),
    AccountRow.asset == bindparam("asset"),
    AccountRow.kind == AccountKind.WALLET.value,
)


class SqlAccounts:
    """AccountRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, account: Account) -> None:
        """Open an account with a zero balance."""
        self._s.add(
            AccountRow(
                id=account.id,
                owner_id=account.owner_id,
                asset=account.asset,
                kind=account.kind.value,
                balance_units=0,
                reserved_units=0,
            )
        )
        await self._s.flush()

    async def wallet(self, user_id: str, asset: str) -> Account | None:
        """The user's wallet in ``asset``."""
        row = await self._s.scalar(
            select(AccountRow).where(
                AccountRow.owner_id == user_id,
                AccountRow.asset == asset,
                AccountRow.kind == AccountKind.WALLET.value,
            )
        )
        return mapping.account(row) if row else None

    async def wallet_funds(self, user_id: str, asset: str) -> tuple[Decimal, Decimal] | None:
        """Balance and available of the user's wallet in one read (the chat's hottest query)."""
        row = (await self._s.execute(_WALLET_UNITS, {"owner": user_id, "asset": asset})).first()
        if row is None:
            return None
        balance, reserved = row
        return from_minor_units(balance, asset), from_minor_units(balance - reserved, asset)

    async def system(self, kind: AccountKind, asset: str) -> Account | None:
        """The system account of ``kind`` in ``asset``."""
        row = await self._s.scalar(
            select(AccountRow).where(
                AccountRow.owner_id.is_(None),
                AccountRow.asset == asset,
                AccountRow.kind == kind.value,
            )
        )
        return mapping.account(row) if row else None

    async def _units(self, account_id: str) -> tuple[int, int, str]:
        row = (
            await self._s.execute(
                select(AccountRow.balance_units, AccountRow.reserved_units, AccountRow.asset).where(
                    AccountRow.id == account_id
                )
            )
        ).one()
        return row[0], row[1], row[2]

    async def balance(self, account_id: str) -> Decimal:
        """Cached balance (validated against the entries by `validate`)."""
        balance, _, asset = await self._units(account_id)
        return from_minor_units(balance, asset)

    async def available(self, account_id: str) -> Decimal:
        """Balance minus reservations for runs in flight."""
        balance, reserved, asset = await self._units(account_id)
        return from_minor_units(balance - reserved, asset)

    async def reserve(self, account_id: str, amount: Decimal) -> bool:
        """Reserve atomically, only if available covers it."""
        _, _, asset = await self._units(account_id)
        units = to_minor_units(amount, asset)
        result = await self._s.execute(
            update(AccountRow)
            .where(
                AccountRow.id == account_id,
                AccountRow.balance_units - AccountRow.reserved_units >= units,
            )
            .values(reserved_units=AccountRow.reserved_units + units)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, account_id: str, amount: Decimal) -> None:
        """Give back a reservation."""
        _, _, asset = await self._units(account_id)
        units = to_minor_units(amount, asset)
        await self._s.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id)
            .values(reserved_units=AccountRow.reserved_units - units)
        )


class SqlLedger:
    """LedgerRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def post(self, journal: Journal) -> bool:
        """Post once per key; wallets may not drop below what is reserved on them."""
        assert_balanced(journal)
        if await self._s.scalar(select(JournalRow.id).where(JournalRow.key == journal.key)):
            return False
        self._s.add(
            JournalRow(
                id=journal.id,
                key=journal.key,
                kind=journal.kind,
                run_id=journal.run_id,
                created_at=journal.created_at,
            )
        )
        await self._s.flush()
        for entry in journal.entries:
            units = to_minor_units(entry.amount, entry.asset)
            guarded = update(AccountRow).where(AccountRow.id == entry.account_id)
            if units < 0:
                guarded = guarded.where(
                    (AccountRow.kind != AccountKind.WALLET.value)
                    | (AccountRow.balance_units + units >= AccountRow.reserved_units)
                )
            result = await self._s.execute(
                guarded.values(balance_units=AccountRow.balance_units + units)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                raise InsufficientFunds("There isn't enough money in the wallet for this.")
            self._s.add(
                EntryRow(
                    journal_id=journal.id,
                    account_id=entry.account_id,
                    asset=entry.asset,
                    amount_units=units,
                )
            )
        await self._s.flush()
        return True

    async def journals(self) -> Sequence[Journal]:
        """Every journal with its entries (for validation)."""
        rows = (await self._s.scalars(select(JournalRow))).all()
        entries: dict[str, list[Entry]] = defaultdict(list)
        for e in (await self._s.scalars(select(EntryRow))).all():
            entries[e.journal_id].append(
                Entry(e.account_id, e.asset, from_minor_units(e.amount_units, e.asset))
            )
        return [
            Journal(r.id, r.key, r.kind, tuple(entries[r.id]), r.created_at, r.run_id) for r in rows
        ]

    async def entries_balance(self, account_id: str) -> Decimal:
        """The sum of the account's entries."""
        asset = await self._s.scalar(select(AccountRow.asset).where(AccountRow.id == account_id))
        total = await self._s.scalar(
            select(func.coalesce(func.sum(EntryRow.amount_units), 0)).where(
                EntryRow.account_id == account_id
            )
        )
        return from_minor_units(int(total or 0), asset or "USDC")
