"""What several processes share about the gateways: operator overrides and charged keys."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from core.audit import AuditEntry
from core.gateways import GatewayResult, Outcome
from core.routing.overrides import Override
from storage.audit_repos import SqlAuditLog
from storage.database import normalise_url
from storage.ops_models import GatewayOverrideRow, SimulatedChargeRow

CHARGES: Table = SimulatedChargeRow.__table__  # type: ignore[assignment]


def _insert(session: AsyncSession, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class SqlOverrides:
    """OverrideStore: one row per key, its revision raised on every write."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def put(
        self,
        key: str,
        value: dict[str, Any],
        at: datetime,
        actor: str,
        recorded: AuditEntry | None = None,
    ) -> int:
        """Upsert ``key`` and append ``recorded`` in one transaction; the new revision."""
        table = GatewayOverrideRow.__table__
        async with self._sessions() as s, s.begin():
            if recorded is not None:
                await SqlAuditLog(s).add([recorded])
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
    """SharedKeys: the simulated gateways' key memory, one INSERT … ON CONFLICT per charge.

    Each statement is one round trip: autocommit (no BEGIN, no COMMIT) on a pool of its own
    that neither pings on checkout nor rolls back on return; that took a first attempt from
    about 4 ms to under 1 ms on a loaded two-core machine. A connection that died raises once
    (the gateway then keeps the key in memory) and is replaced.
    """

    def __init__(self, engine: AsyncEngine, now: Callable[[], datetime]) -> None:
        self._dialect = engine.dialect.name
        # SQLite (one process, tests) keeps its BEGIN IMMEDIATE … COMMIT; begin() is a no-op
        # transaction under autocommit on PostgreSQL.
        postgres = self._dialect == "postgresql"
        self._engine = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
        )
        self._now = now

    @classmethod
    def lean(cls, url: str, now: Callable[[], datetime]) -> "SqlGatewayKeys":
        """Over a small pool of its own, built for single-statement autocommit calls."""
        engine = create_async_engine(
            normalise_url(url),
            pool_size=4,
            max_overflow=4,
            pool_pre_ping=False,
            pool_reset_on_return=None,
            hide_parameters=True,
        )
        return cls(engine, now)

    async def aclose(self) -> None:
        """Close the pool."""
        await self._engine.dispose()

    async def keep(self, gateway: str, key: str, result: GatewayResult) -> GatewayResult:
        """Store ``result`` unless the key is stored already; the result that holds."""
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        statement = (
            insert(CHARGES)
            .values(
                gateway=gateway,
                key=key,
                outcome=result.outcome.value,
                reference=result.reference,
                latency_ms=result.latency_ms,
                charged_at=self._now(),
            )
            .on_conflict_do_nothing(index_elements=["gateway", "key"])
            .returning(CHARGES.c.key)
        )
        async with self._engine.begin() as connection:
            if (await connection.execute(statement)).first() is not None:
                return result
            stored = await self._stored(connection, gateway, key)
        return stored or result

    async def find(self, gateway: str, key: str) -> GatewayResult | None:
        """The stored result for the key, if any."""
        async with self._engine.connect() as connection:
            return await self._stored(connection, gateway, key)

    async def prune(self, before: datetime) -> int:
        """Forget keys charged before ``before`` (a real gateway keeps them about a day)."""
        async with self._engine.begin() as connection:
            result = await connection.execute(delete(CHARGES).where(CHARGES.c.charged_at < before))
            return int(result.rowcount or 0)

    @staticmethod
    async def _stored(connection: AsyncConnection, gateway: str, key: str) -> GatewayResult | None:
        row = (
            await connection.execute(
                select(CHARGES.c.outcome, CHARGES.c.latency_ms, CHARGES.c.reference).where(
                    CHARGES.c.gateway == gateway, CHARGES.c.key == key
                )
            )
        ).first()
        if row is None:
            return None
        return GatewayResult(gateway, Outcome(row.outcome), row.latency_ms, row.reference)
