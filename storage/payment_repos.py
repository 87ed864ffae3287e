"""Users, payments, runs and risk assessments, with compare-and-set transitions."""

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Payment, RiskAssessment, Run, User
from core.states import (
    PaymentStatus,
    RunStatus,
    check_payment_transition,
    check_run_transition,
)
from storage import mapping
from storage.dialects import insert_many
from storage.models import PaymentRow, RiskAssessmentRow, RunRow, UserRow

RISK = cast(Table, RiskAssessmentRow.__table__)
# Built once: every chat message runs these, and building one cost more than running it.
_USER_BY_TELEGRAM_ID = select(UserRow).where(UserRow.telegram_id == bindparam("telegram_id"))
_USER_COUNT = select(func.count()).select_from(UserRow)
_EXPIRABLE = (PaymentStatus.AWAITING_CONFIRMATION.value, PaymentStatus.AWAITING_SECOND_STEP.value)


class SqlUsers:
    """UserRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, user: User) -> None:
        """Insert a user."""
        self._s.add(mapping.user_row(user))
        await self._s.flush()

    async def get(self, user_id: str) -> User | None:
        """A user by id."""
        row = await self._s.get(UserRow, user_id)
        return mapping.user(row) if row else None

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        """A user by Telegram id."""
        row = await self._s.scalar(_USER_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
        return mapping.user(row) if row else None

    async def all(self) -> Sequence[User]:
        """Every user."""
        return [mapping.user(r) for r in (await self._s.scalars(select(UserRow))).all()]

    async def count(self) -> int:
        """How many users there are."""
        return int(await self._s.scalar(_USER_COUNT) or 0)


class SqlPayments:
    """PaymentRepository on SQLAlchemy."""

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


class SqlRuns:
    """RunRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, run: Run) -> None:
        """Insert a run (its idempotency key is UNIQUE)."""
        self._s.add(mapping.run_row(run))
        await self._s.flush()

    async def get(self, run_id: str) -> Run | None:
        """A run by id, read fresh."""
        row = await self._s.scalar(
            select(RunRow).where(RunRow.id == run_id).execution_options(populate_existing=True)
        )
        return mapping.run(row) if row else None

    async def for_payment(self, payment_id: str) -> Sequence[Run]:
        """A payment's runs in schedule order."""
        rows = await self._s.scalars(
            select(RunRow).where(RunRow.payment_id == payment_id).order_by(RunRow.scheduled_at)
        )
        return [mapping.run(r) for r in rows.all()]

    async def due(self, moment: datetime, limit: int) -> Sequence[Run]:
        """Runs due at or before ``moment``, oldest first."""
        rows = await self._s.scalars(
            select(RunRow)
            .where(RunRow.status == RunStatus.DUE.value, RunRow.scheduled_at <= moment)
            .order_by(RunRow.scheduled_at)
            .limit(limit)
        )
        return [mapping.run(r) for r in rows.all()]

    async def all_executed(self) -> Sequence[Run]:
        """Runs that succeeded (each has one journal)."""
        rows = await self._s.scalars(
            select(RunRow).where(RunRow.status == RunStatus.SUCCEEDED.value)
        )
        return [mapping.run(r) for r in rows.all()]

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

    async def transition(
        self,
        run_id: str,
        expected: RunStatus,
        target: RunStatus,
        *,
        gateway: str | None = None,
        error: str | None = None,
        executed_at: datetime | None = None,
    ) -> bool:
        """Compare-and-set the status (and record how it ended)."""
        check_run_transition(expected, target)
        values: dict[str, object] = {"status": target.value}
        if gateway is not None:
            values["gateway"] = gateway
        if error is not None:
            values["error"] = error
        if executed_at is not None:
            values["executed_at"] = executed_at
        result = await self._s.execute(
            update(RunRow)
            .where(RunRow.id == run_id, RunRow.status == expected.value)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


class SqlRisk:
    """RiskRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, assessment: RiskAssessment) -> None:
        """Store an assessment."""
        await self.add_many([assessment])

    async def add_many(self, assessments: Sequence[RiskAssessment]) -> None:
        """Store several assessments in one statement (no ORM objects to build)."""
        await insert_many(self._s, RISK, [mapping.assessment_values(a) for a in assessments])

    async def for_payment(self, payment_id: str) -> Sequence[RiskAssessment]:
        """A payment's assessments, oldest first."""
        rows = await self._s.scalars(
            select(RiskAssessmentRow)
            .where(RiskAssessmentRow.payment_id == payment_id)
            .order_by(RiskAssessmentRow.created_at)
        )
        return [mapping.assessment(r) for r in rows.all()]
