"""Limits, payer history for the guardian, and whole-ledger reads for the validator."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Select, Table, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import Account, AccountKind, Payment, RiskLevel
from core.guardian_ports import GuardianSnapshot, Spend
from core.limits import UserLimits
from core.money import from_minor_units
from core.states import PaymentStatus, RunStatus, check_payment_transition
from storage import mapping
from storage.dialects import among
from storage.models import (
    AccountRow,
    PaymentRow,
    RiskAssessmentRow,
    RunRow,
    UserLimitRow,
    UserRow,
)

USERS = cast(Table, UserRow.__table__)
ACCOUNTS = cast(Table, AccountRow.__table__)
LIMITS = cast(Table, UserLimitRow.__table__)
PAYMENTS = cast(Table, PaymentRow.__table__)
RUNS = cast(Table, RunRow.__table__)
RISK = cast(Table, RiskAssessmentRow.__table__)
MICRO = 6  # limits are stored in millionths so any asset's precision fits


def _micros(value: Decimal | None) -> int | None:
    return None if value is None else int(value.scaleb(MICRO).to_integral_value())


def _from_micros(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-MICRO).normalize()


def _amount(row: PaymentRow) -> Decimal:
    return from_minor_units(row.amount_units, row.asset)


class SqlLimits:
    """LimitRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: str) -> UserLimits:
        """The user's own limits (all None when never changed)."""
        row = await self._s.get(UserLimitRow, user_id, populate_existing=True)
        if row is None:
            return UserLimits()
        return UserLimits(
            _from_micros(row.per_payment_micros),
            _from_micros(row.per_day_micros),
            _from_micros(row.per_recipient_day_micros),
        )

    async def put(self, user_id: str, limits: UserLimits) -> None:
        """Store the user's limits."""
        row = await self._s.get(UserLimitRow, user_id) or UserLimitRow(user_id=user_id)
        row.per_payment_micros = _micros(limits.per_payment)
        row.per_day_micros = _micros(limits.per_day)
        row.per_recipient_day_micros = _micros(limits.per_recipient_day)
        self._s.add(row)
        await self._s.flush()


def _succeeded_of(payer_id: str) -> Any:  # Select of (payment, run) rows
    return select(PaymentRow, RunRow).where(
        RunRow.payment_id == PaymentRow.id,
        PaymentRow.payer_id == payer_id,
        RunRow.status == RunStatus.SUCCEEDED.value,
    )


class SqlGuardian:
    """GuardianRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

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

    async def snapshot(
        self, payer_ids: set[str], user_ids: set[str], payment_ids: set[str]
    ) -> GuardianSnapshot:
        """Six Core queries for a whole batch: plain rows, no ORM identity map to fill."""
        payers = sorted(payer_ids)
        users = {
            u.id: u
            for u in map(
                mapping.user_at,
                await self._s.execute(select(USERS).where(among(self._s, USERS.c.id, user_ids))),
            )
        }
        wallets: dict[tuple[str, str], tuple[Account, Decimal]] = {}
        available = ACCOUNTS.c.balance_units - ACCOUNTS.c.reserved_units
        for id_, asset, kind, owner, units in await self._s.execute(
            select(
                ACCOUNTS.c.id, ACCOUNTS.c.asset, ACCOUNTS.c.kind, ACCOUNTS.c.owner_id, available
            ).where(
                among(self._s, ACCOUNTS.c.owner_id, user_ids),
                ACCOUNTS.c.kind == AccountKind.WALLET.value,
            )
        ):
            if owner is not None:
                wallet = mapping.account_of(id_, asset, kind, owner)
                wallets[(owner, asset)] = (wallet, from_minor_units(units, asset))
        limits = {
            r.user_id: UserLimits(
                _from_micros(r.per_payment_micros),
                _from_micros(r.per_day_micros),
                _from_micros(r.per_recipient_day_micros),
            )
            for r in await self._s.execute(
                select(LIMITS).where(among(self._s, LIMITS.c.user_id, payers))
            )
        }
        succeeded: dict[str, list[Spend]] = {p: [] for p in payers}
        rows = await self._s.execute(self._succeeded_of_payers(payers))
        for payment_id, payer_id, payee_id, units, asset, executed_at, scheduled_at in rows:
            amount = from_minor_units(units, asset)
            spend = Spend(payment_id, payee_id, amount, asset, executed_at or scheduled_at)
            succeeded[payer_id].append(spend)
        mandates: dict[str, list[Payment]] = {p: [] for p in payers}
        for row in await self._s.execute(
            select(PAYMENTS).where(
                among(self._s, PAYMENTS.c.payer_id, payers),
                PAYMENTS.c.status == PaymentStatus.SCHEDULED.value,
                PAYMENTS.c.rrule.is_not(None),
            )
        ):
            mandate = mapping.payment_at(row)
            mandates[mandate.payer_id].append(mandate)
        approved: dict[str, RiskLevel] = {}
        for payment_id, level in await self._s.execute(
            select(RISK.c.payment_id, RISK.c.level)
            .where(among(self._s, RISK.c.payment_id, payment_ids), RISK.c.run_id.is_(None))
            .order_by(RISK.c.created_at)
        ):
            approved.setdefault(payment_id, RiskLevel(level))
        return GuardianSnapshot(users, wallets, limits, succeeded, mandates, approved)

    def _succeeded_of_payers(self, payers: Sequence[str]) -> Select[Any]:
        """Succeeded runs of the payers' payments, newest first, with their payments' terms."""
        paid = PAYMENTS.c.id, PAYMENTS.c.payer_id, PAYMENTS.c.payee_id
        terms = (*paid, PAYMENTS.c.amount_units, PAYMENTS.c.asset)
        succeeded = RUNS.c.status == RunStatus.SUCCEEDED.value
        if self._s.get_bind().dialect.name == "postgresql":
            # From the payers' payments to each one's runs by key. OFFSET 0 keeps the lateral
            # subquery a per-payment lookup: joined, a planner without statistics (tables just
            # loaded) started from every succeeded run instead, 130 ms a batch at 5,000 of them.
            done = (
                select(RUNS.c.executed_at, RUNS.c.scheduled_at)
                .where(RUNS.c.payment_id == PAYMENTS.c.id, succeeded)
                .offset(0)
                .lateral("done")
            )
            return (
                select(*terms, done.c.executed_at, done.c.scheduled_at)
                .select_from(PAYMENTS.join(done, true()))
                .where(among(self._s, PAYMENTS.c.payer_id, payers))
                .order_by(done.c.executed_at.desc())
            )
        return (
            select(*terms, RUNS.c.executed_at, RUNS.c.scheduled_at)
            .where(
                RUNS.c.payment_id == PAYMENTS.c.id,
                # Reached through the payers' payments: a plain join lets SQLite start from
                # every succeeded run in the database, a cost that grows with each batch.
                RUNS.c.payment_id.in_(
                    select(PAYMENTS.c.id)
                    .where(among(self._s, PAYMENTS.c.payer_id, payers))
                    .scalar_subquery()
                ),
                succeeded,
            )
            .order_by(RUNS.c.executed_at.desc())
        )

    async def usage(self, payment_id: str) -> tuple[int, Decimal]:
        """Succeeded runs of the payment and the money they moved."""
        payment = await self._s.get(PaymentRow, payment_id)
        count = await self._s.scalar(
            select(func.count()).where(
                RunRow.payment_id == payment_id, RunRow.status == RunStatus.SUCCEEDED.value
            )
        )
        if payment is None:
            return 0, Decimal(0)
        n = int(count or 0)
        return n, from_minor_units(payment.amount_units * n, payment.asset)

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


class SqlAudit:
    """AuditRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def wallets(self) -> Sequence[Account]:
        """Every user wallet."""
        rows = await self._s.scalars(
            select(AccountRow).where(AccountRow.kind == AccountKind.WALLET.value)
        )
        return [mapping.account(r) for r in rows.all()]

    async def assessed_run_ids(self) -> set[str]:
        """Runs that have at least one stored risk assessment."""
        rows = await self._s.scalars(
            select(RiskAssessmentRow.run_id).where(RiskAssessmentRow.run_id.is_not(None)).distinct()
        )
        return {r for r in rows.all() if r is not None}
