"""Runs as a work queue: batch compare-and-set claims (SKIP LOCKED on PostgreSQL) and settles."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Run
from core.payment_ports import RunOutcome
from core.states import PaymentStatus, RunStatus, check_run_transition
from storage import mapping
from storage.dialects import among, insert_many
from storage.models import PaymentRow, RunRow

RUNS = cast(Table, RunRow.__table__)
PAYMENTS = cast(Table, PaymentRow.__table__)
_DUE, _EXECUTING = RunStatus.DUE.value, RunStatus.EXECUTING.value
_SCHEDULED = PaymentStatus.SCHEDULED.value


def _run_values(run: Run, payer_id: str) -> dict[str, Any]:
    """A run as insert values: built directly, an ORM object per row costs more than the insert."""
    return {
        "id": run.id,
        "payment_id": run.payment_id,
        "payer_id": payer_id,
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


class SqlRunQueue:
    """The runs half of PaymentRepository: runs as a work queue, every move a compare-and-set."""

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

    async def add_runs(self, runs: Sequence[Run]) -> None:
        """Insert runs, ignoring keys that exist."""
        if not runs:
            return
        # A run carries its payment's payer (for the payer's history index).
        found = await self._s.execute(
            select(PAYMENTS.c.id, PAYMENTS.c.payer_id).where(
                among(self._s, PAYMENTS.c.id, {r.payment_id for r in runs})
            )
        )
        payers = {payment_id: payer_id for payment_id, payer_id in found}
        rows = [_run_values(r, payers[r.payment_id]) for r in runs]
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
