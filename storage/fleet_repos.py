"""What several processes share about the gateways: operator overrides and charged keys."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.gateways import GatewayResult, Outcome
from core.routing.overrides import Override
from storage.ops_models import GatewayOverrideRow, SimulatedChargeRow


def _insert(session: AsyncSession, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class SqlOverrides:
    """OverrideStore: one row per key, its revision raised on every write."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def put(self, key: str, value: dict[str, Any], at: datetime, actor: str) -> int:
        """Upsert ``key``; the new revision (1 for a new key)."""
        table = GatewayOverrideRow.__table__
        async with self._sessions() as s, s.begin():
            statement = _insert(s, table).values(
                key=key, value=value, revision=1, set_at=at, actor=actor[:64]
            )
            statement = statement.on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "value": statement.excluded.value,
                    "revision": table.c.revision + 1,
                    "set_at": statement.excluded.set_at,
                    "actor": statement.excluded.actor,
                },
            ).returning(table.c.revision)
            return int((await s.execute(statement)).scalar_one())

    async def current(self) -> Sequence[Override]:
        """Every key's latest override (a handful of rows: a cheap poll)."""
        async with self._sessions() as s:
            rows = (await s.scalars(select(GatewayOverrideRow))).all()
        return [Override(r.key, r.value, r.revision, r.set_at, r.actor) for r in rows]


class SqlGatewayKeys:
    """SharedKeys: the simulated gateways' key memory, one INSERT … ON CONFLICT per charge."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], now: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._now = now

    async def keep(self, gateway: str, key: str, result: GatewayResult) -> GatewayResult:
        """Store ``result`` unless the key is stored already; the result that holds."""
        table = SimulatedChargeRow.__table__
        async with self._sessions() as s, s.begin():
            statement = (
                _insert(s, table)
                .values(
                    gateway=gateway,
                    key=key,
                    outcome=result.outcome.value,
                    reference=result.reference,
                    latency_ms=result.latency_ms,
                    charged_at=self._now(),
                )
                .on_conflict_do_nothing(index_elements=["gateway", "key"])
                .returning(table.c.key)
            )
            if (await s.execute(statement)).first() is not None:
                return result
            row = await s.get(SimulatedChargeRow, (gateway, key))
        return _result(row) if row is not None else result

    async def find(self, gateway: str, key: str) -> GatewayResult | None:
        """The stored result for the key, if any."""
        async with self._sessions() as s:
            row = await s.get(SimulatedChargeRow, (gateway, key))
        return _result(row) if row is not None else None

    async def prune(self, before: datetime) -> int:
        """Forget keys charged before ``before`` (a real gateway keeps them about a day)."""
        async with self._sessions() as s, s.begin():
            result = await s.execute(
                delete(SimulatedChargeRow).where(SimulatedChargeRow.charged_at < before)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _result(row: SimulatedChargeRow) -> GatewayResult:
    return GatewayResult(row.gateway, Outcome(row.outcome), row.latency_ms, row.reference)
