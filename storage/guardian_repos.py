"""The assessment aggregate: stored guardian assessments and the pre-run checks' batch reads."""

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.assessment_ports import FeatureFacts, GuardianSnapshot, HistoryWindow
from core.entities import Account, AccountKind, Payment, RiskAssessment, RiskLevel
from core.limits import UserLimits
from core.money import from_minor_units
from storage import guardian_history as history
from storage import mapping
from storage.dialects import among, index_lookups, insert_many
from storage.guardian_history import ACCOUNTS, LIMITS, USERS
from storage.models import RiskAssessmentRow
from storage.user_repos import limits_from_micros

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
        self, payments: Sequence[Payment], user_ids: set[str], window: HistoryWindow
    ) -> GuardianSnapshot:
        """A few Core queries for a whole batch: plain rows, no ORM identity map to fill."""
        payers = sorted({p.payer_id for p in payments})
        payment_ids = {p.id for p in payments}
        users = {
            u.id: u
            for u in map(
                mapping.user_at,
                await self._s.execute(select(USERS).where(among(self._s, USERS.c.id, user_ids))),
            )
        }
        pairs = history.pairs_of(self._s, payment_ids)
        async with index_lookups(self._s):
            postgres = self._s.get_bind().dialect.name == "postgresql"
            recent = await self._s.execute(
                history.recent_runs(pairs, postgres), history.window_parameters(window)
            )
            paid = await history.paid_pairs(self._s, payment_ids)
            runs_done = await history.runs_done(self._s, payments)
        mandates: dict[str, list[Payment]] = {p: [] for p in payers}
        for row in await self._s.execute(history.mandates_query(self._s, payers)):
            mandate = mapping.payment_at(row)
            mandates[mandate.payer_id].append(mandate)
        return GuardianSnapshot(
            users=users,
            wallets=await self._wallets(user_ids),
            limits=await self._limits(payers),
            recent=history.spends_of(recent.all()),
            paid=paid,
            runs_done=runs_done,
            mandates=mandates,
            approved=await self._approved(payment_ids),
        )

    async def feature_facts(
        self, payer_id: str, payee_id: str, asset: str, window: HistoryWindow
    ) -> FeatureFacts:
        """One request's facts in three statements."""
        return await history.feature_facts(self._s, payer_id, payee_id, asset, window)

    async def _wallets(self, user_ids: set[str]) -> dict[tuple[str, str], tuple[Account, Decimal]]:
        """The users' wallets with their available funds."""
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
        return wallets

    async def _limits(self, payers: Sequence[str]) -> dict[str, UserLimits]:
        """The payers' own limits (absent when never changed)."""
        return {
            r.user_id: limits_from_micros(
                r.per_payment_micros, r.per_day_micros, r.per_recipient_day_micros
            )
            for r in await self._s.execute(
                select(LIMITS).where(among(self._s, LIMITS.c.user_id, payers))
            )
        }

    async def _approved(self, payment_ids: set[str]) -> dict[str, RiskLevel]:
        """The band each payment was approved at (its first assessment without a run)."""
        approved: dict[str, RiskLevel] = {}
        for payment_id, level in await self._s.execute(
            select(RISK.c.payment_id, RISK.c.level)
            .where(among(self._s, RISK.c.payment_id, payment_ids), RISK.c.run_id.is_(None))
            .order_by(RISK.c.created_at)
        ):
            approved.setdefault(payment_id, RiskLevel(level))
        return approved
