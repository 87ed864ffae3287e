"""Runs as a work queue: batch compare-and-set claims (SKIP LOCKED on PostgreSQL) and settles."""

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import BigInteger, Select, Table, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Account, AccountKind, Journal, Payment, Run, User
from core.money import to_minor_units
from core.queue_ports import Hold, RunOutcome
from core.states import PaymentStatus, RunStatus, check_run_transition
from storage import mapping
from storage.dialects import among, insert_many, unnested
from storage.models import AccountRow, EntryRow, JournalRow, PaymentRow, RunRow, UserRow

RUNS = cast(Table, RunRow.__table__)
ACCOUNTS = cast(Table, AccountRow.__table__)
PAYMENTS = cast(Table, PaymentRow.__table__)
JOURNALS = cast(Table, JournalRow.__table__)
ENTRIES = cast(Table, EntryRow.__table__)
USERS = cast(Table, UserRow.__table__)
_DUE, _EXECUTING = RunStatus.DUE.value, RunStatus.EXECUTING.value
_SCHEDULED = PaymentStatus.SCHEDULED.value


def _run_values(run: Run) -> dict[str, Any]:
    """A run as insert values: built directly, an ORM object per row costs more than the insert."""
    return {
        "id": run.id,
        "payment_id": run.payment_id,
        "scheduled_at": run.scheduled_at,
        "idempotency_key": run.idempotency_key,
        "status": run.status.value,
        "gateway": run.gateway,
        "error": run.error,
        "executed_at": run.executed_at,
    }


def _pick(*where: Any, limit: int, of_due: bool = True) -> Select[Any]:
    """Ids of runs to move, locked and skipping rows another worker holds (PostgreSQL).

    Runs of scheduled payments lock their payment too: a cancel holding it (or waiting for
    it) is never overtaken, and the runs this claim plans are visible to the cancel after it.
    """
    query = select(RunRow.id)
    locked: list[Any] = [RunRow]
    if of_due:
        query = query.join(PaymentRow, PaymentRow.id == RunRow.payment_id).where(
            PaymentRow.status == _SCHEDULED
        )
        locked.append(PaymentRow)
    return (
        query.where(*where)
        .order_by(RunRow.scheduled_at)
        .limit(limit)
        .with_for_update(of=locked, skip_locked=True)  # SQLite: omitted, BEGIN IMMEDIATE serialises
    )


def _pick_due_pg(*where: Any, limit: int) -> Select[Any]:
    """_pick of due runs for PostgreSQL, in a shape no row estimate can make quadratic.

    As one join of runs and payments, tables never analysed (a bulk load a moment ago) were
    estimated at a handful of rows, and the planner looped every scheduled payment over every
    due run: 60 million comparisons, 12 s a claim at 10,000 due runs. Here the runs are picked
    alone (each payment's status looked up by its key), then their payments locked by key.
    A payment's status is checked after its lock, on the newest version, not in the locking
    query: a status filter there would let the planner start from every scheduled payment.
    A run whose payment another transaction holds is left due, as the join skipped it.
    """
    payment_status = (
        select(PAYMENTS.c.status).where(PAYMENTS.c.id == RunRow.payment_id).scalar_subquery()
    )
    runs = (
        select(RunRow.id, RunRow.payment_id)
        .where(*where, payment_status == _SCHEDULED)
        .order_by(RunRow.scheduled_at)
        .limit(limit)
        .with_for_update(of=RunRow, skip_locked=True)
        .cte("due_runs")
        .prefix_with("MATERIALIZED")
    )
    locked = (
        select(runs.c.id, PAYMENTS.c.status)
        .join(PAYMENTS, PAYMENTS.c.id == runs.c.payment_id)
        .with_for_update(of=PAYMENTS, skip_locked=True)
        .cte("their_payments")
        .prefix_with("MATERIALIZED")
    )
    return select(locked.c.id).where(locked.c.status == _SCHEDULED)


class ReservationError(RuntimeError):
    """A hold the claim counted on was not taken: the claim is rolled back, nothing runs."""


class SqlRunQueue:
    """RunQueue on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _pick_due(self, *where: Any, limit: int) -> Select[Any]:
        if self._s.get_bind().dialect.name == "postgresql":
            return _pick_due_pg(*where, limit=limit)
        return _pick(*where, limit=limit)

    async def _move(self, picked: Select[Any], expected: str, values: dict[str, Any]) -> list[Run]:
        if self._s.get_bind().dialect.name == "postgresql":
            # Pick and lock once, then update by primary key. As `id IN (subquery)` the planner
            # may rescan the locking subquery for every due run when its estimates are off
            # (a freshly loaded table): seconds a claim at 10,000 due runs.
            # The lock re-checked `status = expected` on the newest row version and holds
            # until commit, so the compare-and-set lives in the CTE; repeating it here would
            # steer the planner back to scanning every due run.
            chosen = picked.cte("picked").prefix_with("MATERIALIZED", dialect="postgresql")
            where = [RUNS.c.id == chosen.c.id]
        else:  # SQLite: no row locks, and the IN list is built once
            where = [RUNS.c.id.in_(picked), RUNS.c.status == expected]
        result = await self._s.execute(
            update(RUNS).where(*where).values(**values).returning(*RUNS.c)
        )
        # RETURNING every column of runs, in table order: mapped by position.
        return sorted(map(mapping.run_at, result.all()), key=lambda run: run.scheduled_at)

    async def mark_missed(self, before: datetime, limit: int) -> Sequence[Run]:
        """Due runs older than ``before`` → missed."""
        check_run_transition(RunStatus.DUE, RunStatus.MISSED)
        picked = self._pick_due(RunRow.status == _DUE, RunRow.scheduled_at < before, limit=limit)
        return await self._move(picked, _DUE, {"status": RunStatus.MISSED.value})

    async def claim(
        self, now: datetime, limit: int, run_ids: Collection[str] | None = None
    ) -> Sequence[Run]:
        """Due runs → executing, each to exactly one caller."""
        check_run_transition(RunStatus.DUE, RunStatus.EXECUTING)
        where = [RunRow.status == _DUE, RunRow.scheduled_at <= now]
        if run_ids is not None:
            where.append(among(self._s, RunRow.id, run_ids))
        picked = self._pick_due(*where, limit=limit)
        return await self._move(picked, _DUE, {"status": _EXECUTING, "claimed_at": now})

    async def reclaim_abandoned(
        self, stale_before: datetime, now: datetime, limit: int
    ) -> Sequence[Run]:
        """Executing runs whose claim went stale, re-claimed (their key is re-sent)."""
        stale = or_(RunRow.claimed_at < stale_before, RunRow.claimed_at.is_(None))
        picked = _pick(RunRow.status == _EXECUTING, stale, limit=limit, of_due=False)
        return await self._move(picked, _EXECUTING, {"claimed_at": now})

    async def finish(
        self, outcomes: Sequence[RunOutcome], executed_at: datetime, expected: RunStatus
    ) -> set[str]:
        """Compare-and-set each run to its outcome; one statement per distinct outcome."""
        groups: dict[tuple[RunStatus, str | None, str | None], list[str]] = defaultdict(list)
        for outcome in outcomes:
            check_run_transition(expected, outcome.target)
            groups[(outcome.target, outcome.gateway, outcome.error)].append(outcome.run_id)
        won: set[str] = set()
        for (target, gateway, error), ids in groups.items():
            result = await self._s.execute(
                update(RUNS)
                .where(among(self._s, RUNS.c.id, ids), RUNS.c.status == expected.value)
                .values(status=target.value, gateway=gateway, error=error, executed_at=executed_at)
                .returning(RUNS.c.id)
            )
            won.update(result.scalars().all())
        return won

    async def add(self, runs: Sequence[Run]) -> None:
        """Insert runs, ignoring keys that exist."""
        if runs:
            rows = [_run_values(r) for r in runs]
            await insert_many(self._s, RUNS, rows, ignore="idempotency_key")

    async def cancel_due(self, payment_id: str) -> int:
        """Due runs of the payment → cancelled."""
        check_run_transition(RunStatus.DUE, RunStatus.CANCELLED)
        result = await self._s.execute(
            update(RUNS)
            .where(RUNS.c.payment_id == payment_id, RUNS.c.status == _DUE)
            .values(status=RunStatus.CANCELLED.value)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def unfinished(self, payment_ids: Collection[str]) -> set[str]:
        """Payments with a due or executing run."""
        if not payment_ids:
            return set()
        rows = await self._s.scalars(
            select(RunRow.payment_id)
            .where(
                among(self._s, RunRow.payment_id, payment_ids),
                RunRow.status.in_([_DUE, _EXECUTING]),
            )
            .distinct()
        )
        return set(rows.all())

    async def close(self, payment_ids: Collection[str], target: PaymentStatus) -> None:
        """Scheduled payments → target."""
        if payment_ids:
            await self._s.execute(
                update(PAYMENTS)
                .where(among(self._s, PaymentRow.id, payment_ids), PaymentRow.status == _SCHEDULED)
                .values(status=target.value)
            )

    async def upcoming(self, payer_id: str, limit: int) -> Sequence[tuple[Run, Payment]]:
        """The payer's next due runs."""
        rows = await self._s.execute(
            select(RunRow, PaymentRow)
            .join(PaymentRow, PaymentRow.id == RunRow.payment_id)
            .where(
                PaymentRow.payer_id == payer_id,
                PaymentRow.status == _SCHEDULED,
                RunRow.status == _DUE,
            )
            .order_by(RunRow.scheduled_at)
            .limit(limit)
        )
        return [(mapping.run(r), mapping.payment(p)) for r, p in rows.all()]

    async def payments(self, ids: Collection[str]) -> dict[str, Payment]:
        """Payments by id."""
        rows = await self._s.execute(select(PAYMENTS).where(among(self._s, PAYMENTS.c.id, ids)))
        return {p.id: p for p in map(mapping.payment_at, rows)}

    async def people(self, ids: Collection[str]) -> dict[str, User]:
        """Users by id."""
        rows = await self._s.execute(select(USERS).where(among(self._s, USERS.c.id, ids)))
        return {u.id: u for u in map(mapping.user_at, rows)}

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
        balance: dict[str, int] = defaultdict(int)
        reserved: dict[str, int] = defaultdict(int)
        entries = []
        for journal in journals:
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
