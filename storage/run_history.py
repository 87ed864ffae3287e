"""The history half of PaymentRepository: runs read by payment, by payer, and as spends."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Payment, Run
from core.money import from_minor_units
from core.payment_ports import Spend
from core.states import PaymentStatus, RunStatus
from storage import mapping
from storage.guardian_history import succeeded
from storage.models import PaymentRow, RunRow

_DUE = RunStatus.DUE.value
_SCHEDULED = PaymentStatus.SCHEDULED.value


class SqlRunHistory:
    """Reads of finished and upcoming runs."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def runs_of(self, payment_id: str) -> Sequence[Run]:
        """A payment's runs in schedule order."""
        rows = await self._s.scalars(
            select(RunRow).where(RunRow.payment_id == payment_id).order_by(RunRow.scheduled_at)
        )
        return [mapping.run(r) for r in rows.all()]

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

    async def finished_for_payer(
        self, payer_id: str, payee_id: str | None, limit: int
    ) -> Sequence[tuple[Run, Payment]]:
        """Succeeded or failed runs of the payer's payments, newest first."""
        query = (
            select(RunRow, PaymentRow)
            .join(PaymentRow, RunRow.payment_id == PaymentRow.id)
            .where(
                PaymentRow.payer_id == payer_id,
                RunRow.status.in_([RunStatus.SUCCEEDED.value, RunStatus.FAILED.value]),
            )
            .order_by(RunRow.scheduled_at.desc())
            .limit(limit)
        )
        if payee_id is not None:
            query = query.where(PaymentRow.payee_id == payee_id)
        rows = (await self._s.execute(query)).all()
        return [(mapping.run(run), mapping.payment(payment)) for run, payment in rows]

    async def succeeded_runs(self) -> Sequence[Run]:
        """Runs that succeeded (each has one journal)."""
        rows = await self._s.scalars(
            select(RunRow).where(RunRow.status == RunStatus.SUCCEEDED.value)
        )
        return [mapping.run(r) for r in rows.all()]

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs executed at or after ``since``, read through the payer's run index."""
        rows = await self._s.execute(
            select(
                PaymentRow.id,
                PaymentRow.payee_id,
                PaymentRow.amount_units,
                PaymentRow.asset,
                RunRow.executed_at,
            ).where(
                RunRow.payer_id == payer_id,
                succeeded(RunRow.status),  # by the payer's index, never the status one
                RunRow.executed_at >= since,
                PaymentRow.id == RunRow.payment_id,
            )
        )
        return [
            Spend(id_, payee, from_minor_units(units, asset), asset, at)
            for id_, payee, units, asset, at in rows
            if at is not None  # always set on a succeeded run; the column allows NULL for others
        ]
