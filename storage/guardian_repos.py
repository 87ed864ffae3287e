"""The assessment aggregate: stored guardian assessments and the pre-run checks' batch reads."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Select, Table, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.assessment_ports import GuardianSnapshot
from core.entities import Account, AccountKind, Payment, RiskAssessment, RiskLevel
from core.limits import UserLimits
from core.money import from_minor_units
from core.payment_ports import Spend
from core.states import PaymentStatus, RunStatus
from storage import mapping
from storage.dialects import among, insert_many
from storage.models import (
    AccountRow,
    PaymentRow,
    RiskAssessmentRow,
    RunRow,
    UserLimitRow,
    UserRow,
)
from storage.user_repos import from_micros

USERS = cast(Table, UserRow.__table__)
ACCOUNTS = cast(Table, AccountRow.__table__)
LIMITS = cast(Table, UserLimitRow.__table__)
PAYMENTS = cast(Table, PaymentRow.__table__)
RUNS = cast(Table, RunRow.__table__)
RISK = cast(Table, RiskAssessmentRow.__table__)


class SqlAssessments:
    """AssessmentRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

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

    async def assessed_run_ids(self) -> set[str]:
        """Runs that have at least one stored risk assessment."""
        rows = await self._s.scalars(
            select(RiskAssessmentRow.run_id).where(RiskAssessmentRow.run_id.is_not(None)).distinct()
        )
        return {r for r in rows.all() if r is not None}

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
                from_micros(r.per_payment_micros),
                from_micros(r.per_day_micros),
                from_micros(r.per_recipient_day_micros),
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
