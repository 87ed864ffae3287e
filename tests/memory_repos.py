"""In-memory tables, and the repositories of users, wallets and the ledger, and the outbox."""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from core.audit import AuditEntry, SubjectKind
from core.entities import (
    Account,
    AccountKind,
    Entry,
    Journal,
    Payment,
    RiskAssessment,
    Run,
    User,
)
from core.ledger import assert_balanced
from core.limits import UserLimits
from core.money import from_minor_units, to_minor_units
from core.notices import Notice, Queued
from core.wallet_ports import Hold


class UniqueViolation(Exception):
    """A second row with a key that must be unique (the database's IntegrityError)."""


@dataclass
class Tables:
    """Every row the repositories hold; balances and holds in minor units, like storage."""

    users: dict[str, User] = field(default_factory=dict)
    renames: int = 0
    limits: dict[str, UserLimits] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    balance_units: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reserved_units: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    journals: dict[str, Journal] = field(default_factory=dict)  # key → journal
    payments: dict[str, Payment] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    claimed_at: dict[str, datetime | None] = field(default_factory=dict)  # run id → claim time
    assessments: list[RiskAssessment] = field(default_factory=list)
    outbox: list["OutboxRow"] = field(default_factory=list)
    unreachable: dict[int, datetime] = field(default_factory=dict)  # chat id → given up at
    audit: list[AuditEntry] = field(default_factory=list)


@dataclass
class OutboxRow:
    """A queued notice and its delivery state."""

    id: int
    notice: Notice
    queued_at: datetime
    leased_until: datetime | None = None
    sent_at: datetime | None = None
    undeliverable_at: datetime | None = None


class MemoryUsers:
    """UserRepository over Tables; a Telegram id belongs to one user."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, user: User) -> None:
        """Insert a user."""
        if user.id in self._t.users or await self.by_telegram_id(user.telegram_id):
            raise UniqueViolation(f"user {user.id} / telegram id {user.telegram_id}")
        self._t.users[user.id] = user

    async def get(self, user_id: str) -> User | None:
        """A user by id."""
        return self._t.users.get(user_id)

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        """A user by Telegram id."""
        return next((u for u in self._t.users.values() if u.telegram_id == telegram_id), None)

    async def many(self, user_ids: Collection[str]) -> dict[str, User]:
        """Users by id."""
        return {i: self._t.users[i] for i in user_ids if i in self._t.users}

    async def rename(self, user_id: str, name: str, username: str | None) -> None:
        """Update name and username; the username leaves any older holder."""
        for other in list(self._t.users.values()):
            same = username and other.username and other.username.lower() == username.lower()
            if same and other.id != user_id:
                self._t.users[other.id] = replace(other, username=None)
        self._t.users[user_id] = replace(self._t.users[user_id], name=name, username=username)
        self._t.renames += 1

    async def version(self) -> tuple[int, int]:
        """(users, renames so far)."""
        return len(self._t.users), self._t.renames

    async def all(self) -> Sequence[User]:
        """Every user."""
        return list(self._t.users.values())

    async def count(self) -> int:
        """How many users there are."""
        return len(self._t.users)

    async def limits(self, user_id: str) -> UserLimits:
        """The user's own limits (all None when never changed)."""
        return self._t.limits.get(user_id, UserLimits())

    async def set_limits(self, user_id: str, limits: UserLimits) -> None:
        """Store the user's limits."""
        self._t.limits[user_id] = limits


class MemoryWallets:
    """WalletRepository over Tables: balances change only by posted entries."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, account: Account) -> None:
        """Open an account with a zero balance; one per (owner, asset, kind)."""
        same = (account.owner_id, account.asset, account.kind)
        if account.id in self._t.accounts or any(
            (a.owner_id, a.asset, a.kind) == same for a in self._t.accounts.values()
        ):
            raise UniqueViolation(f"account {account.id}")
        self._t.accounts[account.id] = account

    def _find(self, owner: str | None, asset: str, kind: AccountKind) -> Account | None:
        return next(
            (
                a
                for a in self._t.accounts.values()
                if (a.owner_id, a.asset, a.kind) == (owner, asset, kind)
            ),
            None,
        )

    async def wallet(self, user_id: str, asset: str) -> Account | None:
        """The user's wallet in ``asset``."""
        return self._find(user_id, asset, AccountKind.WALLET)

    async def wallets(self, owners: Collection[tuple[str, str]]) -> dict[tuple[str, str], Account]:
        """Wallets by (owner, asset)."""
        found = {key: self._find(key[0], key[1], AccountKind.WALLET) for key in owners}
        return {key: wallet for key, wallet in found.items() if wallet is not None}

    async def all_wallets(self) -> Sequence[Account]:
        """Every user wallet."""
        return [a for a in self._t.accounts.values() if a.kind is AccountKind.WALLET]

    async def system(self, kind: AccountKind, asset: str) -> Account | None:
        """The system account of ``kind`` in ``asset``."""
        return self._find(None, asset, kind)

    async def funds(self, user_id: str, asset: str) -> tuple[Decimal, Decimal] | None:
        """Cached balance and balance less holds."""
        wallet = await self.wallet(user_id, asset)
        if wallet is None:
            return None
        balance, reserved = self._t.balance_units[wallet.id], self._t.reserved_units[wallet.id]
        return from_minor_units(balance, asset), from_minor_units(balance - reserved, asset)

    async def reserve(self, holds: Sequence[Hold]) -> set[str]:
        """Hold funds in order while each wallet's available balance covers them."""
        held = set()
        for hold in holds:
            units = to_minor_units(hold.amount, hold.asset)
            account = hold.account_id
            free = self._t.balance_units[account] - self._t.reserved_units[account]
            if account in self._t.accounts and free >= units:
                self._t.reserved_units[account] += units
                held.add(hold.run_id)
        return held

    async def post(self, journals: Sequence[Journal], releases: Mapping[str, Decimal]) -> None:
        """Post balanced journals once per key and release holds."""
        for journal in journals:
            assert_balanced(journal)
            if journal.key in self._t.journals:
                raise UniqueViolation(f"journal key {journal.key}")
            self._t.journals[journal.key] = journal
            for entry in journal.entries:
                self._t.balance_units[entry.account_id] += to_minor_units(entry.amount, entry.asset)
        for account_id, amount in releases.items():
            asset = self._t.accounts[account_id].asset
            self._t.reserved_units[account_id] -= to_minor_units(amount, asset)

    async def posted(self, key: str) -> bool:
        """Has a journal with this key been posted?"""
        return key in self._t.journals

    async def journals(self) -> Sequence[Journal]:
        """Every journal."""
        return list(self._t.journals.values())

    async def entries_balance(self, account_id: str) -> Decimal:
        """The sum of the account's entries."""
        entries: list[Entry] = [
            e for j in self._t.journals.values() for e in j.entries if e.account_id == account_id
        ]
        asset = self._t.accounts[account_id].asset if account_id in self._t.accounts else "USDC"
        units = sum(to_minor_units(e.amount, e.asset) for e in entries)
        return from_minor_units(units, asset)


class MemoryAuditLog:
    """Audit log over Tables: append and list, as the SQL triggers allow."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, entries: Sequence[AuditEntry]) -> None:
        """Append entries."""
        self._t.audit.extend(entries)

    async def for_payment(self, payment_id: str) -> Sequence[AuditEntry]:
        """A payment's entries, oldest first."""
        mine = [e for e in self._t.audit if e.payment_id == payment_id]
        return sorted(mine, key=lambda e: (e.at, e.id))

    async def for_subject(self, kind: SubjectKind, subject_id: str) -> Sequence[AuditEntry]:
        """One subject's entries, oldest first."""
        mine = [e for e in self._t.audit if (e.subject_kind, e.subject_id) == (kind, subject_id)]
        return sorted(mine, key=lambda e: (e.at, e.id))


class MemoryOutbox:
    """Outbox over Tables: once per key, leased to one sender at a time."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue notices once per key."""
        keys = {row.notice.key for row in self._t.outbox}
        for notice in notices:
            if notice.key not in keys:
                keys.add(notice.key)
                self._t.outbox.append(OutboxRow(len(self._t.outbox) + 1, notice, at))

    async def lease(self, now: datetime, until: datetime, limit: int) -> Sequence[Queued]:
        """Lease unsent notices nobody else holds, oldest first."""
        free = [
            row
            for row in self._t.outbox
            if row.sent_at is None
            and row.undeliverable_at is None
            and (row.leased_until is None or row.leased_until < now)
        ][:limit]
        for row in free:
            row.leased_until = until
        return [Queued(row.id, row.notice, until) for row in free]

    async def mark_sent(self, item: Queued, at: datetime) -> bool:
        """Record delivery while the sender's lease holds."""
        for row in self._t.outbox:
            if row.id == item.id and row.leased_until == item.leased_until:
                row.sent_at = at
                return True
        return False

    async def give_up(self, item: Queued, at: datetime) -> bool:
        """End an undeliverable notice and mark the chat's person unreachable."""
        self._t.unreachable[item.notice.chat_id] = at
        for row in self._t.outbox:
            if row.id == item.id and row.sent_at is None:
                row.undeliverable_at = at
                return True
        return False

    def queued(self) -> list[Notice]:
        """Every notice queued, in order (for assertions)."""
        return [row.notice for row in self._t.outbox]
