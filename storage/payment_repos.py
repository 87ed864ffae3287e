"""The payment aggregate: payments and their runs, with compare-and-set transitions."""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Payment
from core.states import PaymentStatus, check_payment_transition
from storage import mapping
from storage.dialects import among
from storage.models import PaymentRow
from storage.run_history import SqlRunHistory
from storage.run_queue import SqlRunQueue

PAYMENTS = cast(Table, PaymentRow.__table__)
_SCHEDULED = PaymentStatus.SCHEDULED.value
_EXPIRABLE = (PaymentStatus.AWAITING_CONFIRMATION.value, PaymentStatus.AWAITING_SECOND_STEP.value)


class SqlPayments(SqlRunQueue, SqlRunHistory):
    """PaymentRepository on SQLAlchemy: the payments here, their runs in the two bases."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, payment: Payment) -> None:
        """Insert a payment."""
        self._s.add(mapping.payment_row(payment))
        await self._s.flush()

    async def get(self, payment_id: str) -> Payment | None:
        """A payment by id, read fresh from the database."""
        row = await self._s.scalar(
            select(PaymentRow)
            .where(PaymentRow.id == payment_id)
            .execution_options(populate_existing=True)
        )
        return mapping.payment(row) if row else None

    async def many(self, payment_ids: Collection[str]) -> dict[str, Payment]:
        """Payments by id."""
        rows = await self._s.execute(
            select(PAYMENTS).where(among(self._s, PAYMENTS.c.id, payment_ids))
        )
        return {p.id: p for p in map(mapping.payment_at, rows)}

    async def transition(
        self, payment_id: str, expected: PaymentStatus, target: PaymentStatus
    ) -> bool:
        """Compare-and-set the status; True only for the caller that moved it."""
        check_payment_transition(expected, target)
        result = await self._s.execute(
            update(PaymentRow)
            .where(PaymentRow.id == payment_id, PaymentRow.status == expected.value)
            .values(status=target.value)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def reopen(self, payment_id: str, expires_at: datetime) -> bool:
        """Compare-and-set awaiting_review → awaiting_confirmation, with a fresh expiry."""
        check_payment_transition(PaymentStatus.AWAITING_REVIEW, PaymentStatus.AWAITING_CONFIRMATION)
        result = await self._s.execute(
            update(PaymentRow)
            .where(
                PaymentRow.id == payment_id,
                PaymentRow.status == PaymentStatus.AWAITING_REVIEW.value,
            )
            .values(status=PaymentStatus.AWAITING_CONFIRMATION.value, confirm_expires_at=expires_at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def close(self, payment_ids: Collection[str], target: PaymentStatus) -> None:
        """Scheduled payments → target."""
        if payment_ids:
            await self._s.execute(
                update(PAYMENTS)
                .where(among(self._s, PaymentRow.id, payment_ids), PaymentRow.status == _SCHEDULED)
                .values(status=target.value)
            )

    async def expired_before(self, moment: datetime, asked_before: datetime) -> Sequence[Payment]:
        """Confirmations (first or second step) past their deadline; reviews asked too long ago."""
        rows = await self._s.scalars(
            select(PaymentRow).where(
                or_(
                    PaymentRow.status.in_(_EXPIRABLE) & (PaymentRow.confirm_expires_at <= moment),
                    (PaymentRow.status == PaymentStatus.AWAITING_REVIEW.value)
                    & (PaymentRow.created_at <= asked_before),
                )
            )
        )
        return [mapping.payment(r) for r in rows.all()]

    async def of_payer(
        self, payer_id: str, statuses: Sequence[PaymentStatus], limit: int
    ) -> Sequence[Payment]:
        """The payer's payments in the given states, newest first."""
        rows = await self._s.scalars(
            select(PaymentRow)
            .where(
                PaymentRow.payer_id == payer_id,
                PaymentRow.status.in_([s.value for s in statuses]),
            )
            .order_by(PaymentRow.created_at.desc())
            .limit(limit)
        )
        return [mapping.payment(r) for r in rows.all()]

    async def awaiting_second_step(self, payer_id: str) -> Sequence[Payment]:
        """Step-up payments waiting for the typed amount, newest first."""
        rows = await self._s.scalars(
            select(PaymentRow)
            .where(
                PaymentRow.payer_id == payer_id,
                PaymentRow.status == PaymentStatus.AWAITING_SECOND_STEP.value,
            )
            .order_by(PaymentRow.created_at.desc(), PaymentRow.id.desc())
        )
        return [mapping.payment(r) for r in rows.all()]

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """Scheduled recurring payments of the payer."""
        rows = await self._s.scalars(
            select(PaymentRow).where(
                PaymentRow.payer_id == payer_id,
                PaymentRow.status == PaymentStatus.SCHEDULED.value,
                PaymentRow.rrule.is_not(None),
            )
        )
        return [mapping.payment(r) for r in rows.all()]
