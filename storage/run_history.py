"""The history half of PaymentRepository: runs read by payment, by payer, and as spends."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Payment, Run
from core.money import from_minor_units
from core.payment_ports import Spend
from core.states import PaymentStatus, RunStatus
from storage import mapping
from storage.models import PaymentRow, RunRow

_DUE = RunStatus.DUE.value
_SCHEDULED = PaymentStatus.SCHEDULED.value


def _amount(row: PaymentRow) -> Decimal:
    return from_minor_units(row.amount_units, row.asset)


def _succeeded_of(payer_id: str) -> Any:  # Select of (payment, run) rows
    return select(PaymentRow, RunRow).where(
        RunRow.payment_id == PaymentRow.id,
        PaymentRow.payer_id == payer_id,
        RunRow.status == RunStatus.SUCCEEDED.value,
    )


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

    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool:
        """Has this payer a succeeded run to this payee?"""
        query = select(
            exists().where(
                PaymentRow.payer_id == payer_id,
                PaymentRow.payee_id == payee_id,
                RunRow.payment_id == PaymentRow.id,
                RunRow.status == RunStatus.SUCCEEDED.value,
            )
        )
        return bool(await self._s.scalar(query))

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs executed at or after ``since``."""
        rows = await self._s.execute(_succeeded_of(payer_id).where(RunRow.executed_at >= since))
        return [Spend(p.id, p.payee_id, _amount(p), p.asset, r.executed_at) for p, r in rows.all()]

    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]:
        """The last ``limit`` succeeded amounts in ``asset``."""
        rows = await self._s.execute(
            _succeeded_of(payer_id)
            .where(PaymentRow.asset == asset)
            .order_by(RunRow.executed_at.desc())
            .limit(limit)
        )
        return [from_minor_units(p.amount_units, p.asset) for p, _ in rows.all()]
