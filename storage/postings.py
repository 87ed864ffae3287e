"""The one place the ledger is posted: holds taken on wallets, journals posted against them."""

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import BigInteger, Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Journal
from core.ledger import assert_balanced
from core.money import to_minor_units
from core.wallet_ports import Hold
from storage.dialects import among, insert_many, unnested
from storage.models import AccountRow, EntryRow, JournalRow

ACCOUNTS = cast(Table, AccountRow.__table__)
JOURNALS = cast(Table, JournalRow.__table__)
ENTRIES = cast(Table, EntryRow.__table__)


class ReservationError(RuntimeError):
    """A hold the claim counted on was not taken: the claim is rolled back, nothing runs."""


def _entry_rows(journals: Sequence[Journal]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Each account's balance change and the entry rows to insert; every journal must balance."""
    balance: dict[str, int] = defaultdict(int)
    entries = []
    for journal in journals:
        assert_balanced(journal)
        for entry in journal.entries:
            units = to_minor_units(entry.amount, entry.asset)
            balance[entry.account_id] += units
            entries.append(
                {
                    "journal_id": journal.id,
                    "account_id": entry.account_id,
                    "asset": entry.asset,
                    "amount_units": units,
                }
            )
    return balance, entries


class SqlPostings:
    """Holds and postings: wallet rows locked in id order, balances changed in one statement."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _lock(self, account_ids: Collection[str]) -> dict[str, tuple[str, int]]:
        """Lock accounts in id order (no deadlocks between workers); id → (asset, available).

        FOR NO KEY UPDATE is the lock an UPDATE of the balance takes: it excludes every other
        balance writer but not the key-share locks another worker's new entries take on the
        same accounts (foreign-key checks), which FOR UPDATE would wait for.
        """
        rows = await self._s.execute(
            select(
                AccountRow.id, AccountRow.asset, AccountRow.balance_units, AccountRow.reserved_units
            )
            .where(among(self._s, AccountRow.id, account_ids))
            .order_by(AccountRow.id)
            .with_for_update(key_share=True)
        )
        return {r[0]: (r[1], r[2] - r[3]) for r in rows.all()}

    async def _each_account(
        self, build: Callable[[Callable[[str], Any]], Any], rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """Run ``build(value)`` for every row (an account id and whole-unit amounts).

        One ``UPDATE … FROM unnest(…)`` on PostgreSQL, not an executemany of a statement per
        wallet; the rows are already locked in id order, so the update's order does not matter.
        """
        if self._s.get_bind().dialect.name == "postgresql":
            types = {k: ACCOUNTS.c.id.type if k == "account" else BigInteger() for k in rows[0]}
            values = unnested({k: (t, [r[k] for r in rows]) for k, t in types.items()})
            await self._s.execute(build(lambda k: values.c[k]))
        else:
            await self._s.execute(build(bindparam), list(rows))

    async def reserve(self, holds: Sequence[Hold]) -> set[str]:
        """Hold funds for runs in order while each wallet's available balance covers them."""
        if not holds:
            return set()
        available = {
            k: v for k, (_, v) in (await self._lock({h.account_id for h in holds})).items()
        }
        need: dict[str, int] = defaultdict(int)
        held: set[str] = set()
        for hold in holds:  # the rows are locked, so this arithmetic is the truth
            units = to_minor_units(hold.amount, hold.asset)
            if hold.account_id in available and available[hold.account_id] >= units:
                available[hold.account_id] -= units
                need[hold.account_id] += units
                held.add(hold.run_id)
        if need:
            await self._each_account(
                lambda v: (
                    update(ACCOUNTS)
                    .where(
                        ACCOUNTS.c.id == v("account"),
                        ACCOUNTS.c.balance_units - ACCOUNTS.c.reserved_units >= v("units"),
                    )
                    .values(reserved_units=ACCOUNTS.c.reserved_units + v("units"))
                ),
                [{"account": a, "units": u} for a, u in sorted(need.items())],
            )
            # The rows are locked (PostgreSQL) or the whole database is (SQLite's BEGIN
            # IMMEDIATE), so the guard above cannot have refused anything; should it have, a
            # wallet shows more available than we left it, and rolling the claim back is safer
            # than running on a hold that was never taken. One read for the batch.
            left = await self._s.execute(
                select(ACCOUNTS.c.id, ACCOUNTS.c.balance_units - ACCOUNTS.c.reserved_units).where(
                    among(self._s, ACCOUNTS.c.id, list(need))
                )
            )
            if any(available[account] != units for account, units in left.all()):
                raise ReservationError("a hold was not taken; the claim is rolled back")
        return held

    async def post(self, journals: Sequence[Journal], releases: Mapping[str, Decimal]) -> None:
        """Insert journals and entries and apply every balance change in one statement.

        Debits here are covered by reservations taken at claim time, so releasing them and
        debiting together can never take a wallet below what is reserved on it.
        """
        accounts = {e.account_id for j in journals for e in j.entries} | set(releases)
        if not accounts:
            return
        balance, entries = _entry_rows(journals)
        reserved: dict[str, int] = defaultdict(int)
        # Journals and entries first, wallet locks last: other workers wait on those rows only
        # while the balances change and the transaction commits.
        if journals:
            await insert_many(
                self._s,
                JOURNALS,
                [
                    {
                        "id": j.id,
                        "key": j.key,
                        "kind": j.kind,
                        "run_id": j.run_id,
                        "created_at": j.created_at,
                    }
                    for j in journals
                ],
            )
            await insert_many(self._s, ENTRIES, entries)
        assets = {k: asset for k, (asset, _) in (await self._lock(accounts)).items()}
        for account_id, amount in releases.items():
            reserved[account_id] -= to_minor_units(amount, assets[account_id])
        await self._each_account(
            lambda v: (
                update(ACCOUNTS)
                .where(ACCOUNTS.c.id == v("account"))
                .values(
                    balance_units=ACCOUNTS.c.balance_units + v("balance"),
                    reserved_units=ACCOUNTS.c.reserved_units + v("reserved"),
                )
            ),
            [
                {"account": a, "balance": balance[a], "reserved": reserved[a]}
                for a in sorted(accounts)
            ],
        )
