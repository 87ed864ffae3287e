"""The wallet-and-ledger aggregate: accounts, their funds, and the journals posted to them."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, bindparam, func, select

from core.entities import Account, AccountKind, Entry, Journal
from core.money import from_minor_units
from storage import mapping
from storage.dialects import among
from storage.models import AccountRow, EntryRow, JournalRow
from storage.postings import SqlPostings

ACCOUNTS = cast(Table, AccountRow.__table__)

# Built once: constructing the statement cost more than running it on SQLite.
_WALLET_UNITS = select(AccountRow.balance_units, AccountRow.reserved_units).where(
    AccountRow.owner_id == bindparam("owner"),
    AccountRow.asset == bindparam("asset"),
    AccountRow.kind == AccountKind.WALLET.value,
)


class SqlWallets(SqlPostings):
    """WalletRepository on SQLAlchemy (holds and postings in SqlPostings)."""

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

    async def wallets(self, owners: Collection[tuple[str, str]]) -> dict[tuple[str, str], Account]:
        """Wallets by (owner, asset)."""
        if not owners:
            return {}
        rows = await self._s.execute(
            select(ACCOUNTS.c.id, ACCOUNTS.c.owner_id, ACCOUNTS.c.asset, ACCOUNTS.c.kind).where(
                ACCOUNTS.c.kind == AccountKind.WALLET.value,
                among(self._s, ACCOUNTS.c.owner_id, {o for o, _ in owners}),
                ACCOUNTS.c.asset.in_(sorted({a for _, a in owners})),
            )
        )
        found = {
            (owner or "", asset): mapping.account_of(id_, asset, kind, owner)
            for id_, owner, asset, kind in rows
        }
        return {key: found[key] for key in owners if key in found}

    async def all_wallets(self) -> Sequence[Account]:
        """Every user wallet."""
        rows = await self._s.scalars(
            select(AccountRow).where(AccountRow.kind == AccountKind.WALLET.value)
        )
        return [mapping.account(r) for r in rows.all()]

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

    async def funds(self, user_id: str, asset: str) -> tuple[Decimal, Decimal] | None:
        """Balance and available of the user's wallet in one read (the chat's hottest query)."""
        row = (await self._s.execute(_WALLET_UNITS, {"owner": user_id, "asset": asset})).first()
        if row is None:
            return None
        balance, reserved = row
        return from_minor_units(balance, asset), from_minor_units(balance - reserved, asset)

    async def posted(self, key: str) -> bool:
        """Has a journal with this key been posted?"""
        return bool(await self._s.scalar(select(JournalRow.id).where(JournalRow.key == key)))

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
