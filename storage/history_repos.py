"""Read-only ledger history queries for charts (LedgerHistory on SQLAlchemy)."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.entities import AccountKind
from core.history import BalanceSeries, Spend
from core.money import from_minor_units
from core.states import RunStatus
from storage.models import AccountRow, EntryRow, JournalRow, PaymentRow, RunRow, UserRow


class SqlLedgerHistory:
    """Each query opens its own short read-only session."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def balance_series(self, user_id: str, asset: str, since: datetime) -> BalanceSeries:
        """Opening balance from the entries before ``since``, then each entry after it."""
        async with self._sessions() as session:
            wallet = await session.scalar(
                select(AccountRow.id).where(
                    AccountRow.owner_id == user_id,
                    AccountRow.asset == asset,
                    AccountRow.kind == AccountKind.WALLET.value,
                )
            )
            if wallet is None:
                return BalanceSeries(asset, from_minor_units(0, asset), ())
            moves = (
                select(JournalRow.created_at, EntryRow.amount_units)
                .join(JournalRow, JournalRow.id == EntryRow.journal_id)
                .where(EntryRow.account_id == wallet)
            )
            earlier = (
                await session.execute(
                    select(func.coalesce(func.sum(EntryRow.amount_units), 0), func.count())
                    .join(JournalRow, JournalRow.id == EntryRow.journal_id)
                    .where(EntryRow.account_id == wallet, JournalRow.created_at < since)
                )
            ).one()
            opening, entries_before = earlier
            rows = (
                await session.execute(
                    moves.where(JournalRow.created_at >= since).order_by(
                        JournalRow.created_at, EntryRow.id
                    )
                )
            ).all()
        changes = [(at, from_minor_units(units, asset)) for at, units in rows]
        opened = from_minor_units(int(opening or 0), asset)
        return BalanceSeries(asset, opened, changes, opened_before=bool(entries_before))

    async def spending(self, user_id: str | None, asset: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs since ``since`` grouped by payee, largest first."""
        query = (
            select(UserRow.name, func.sum(PaymentRow.amount_units), func.count(RunRow.id))
            .join(PaymentRow, PaymentRow.id == RunRow.payment_id)
            .join(UserRow, UserRow.id == PaymentRow.payee_id)
            .where(
                RunRow.status == RunStatus.SUCCEEDED.value,
                RunRow.executed_at >= since,
                PaymentRow.asset == asset,
            )
            .group_by(UserRow.id, UserRow.name)
            .order_by(func.sum(PaymentRow.amount_units).desc())
        )
        if user_id is not None:
            query = query.where(PaymentRow.payer_id == user_id)
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [Spend(name, from_minor_units(int(units), asset), int(n)) for name, units, n in rows]
