"""The services half of the composition root: storage and adapters wired into the core."""

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from agents.guardian import GuardianAgent
from agents.intent import IntentAgent
from agents.llm import LlmClient
from agents.query import QueryAgent
from agents.routing import RoutingAgent
from bot.adapters import SystemClock, TimeOrderedIds
from bot.charts.live import LiveGatewayMetrics
from bot.charts.service import ChartService
from bot.composition.from_settings import advisor_from, llm_from, policy_from, transcriber_from
from bot.operations import Operations
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet, build_fleet
from bot.services import Services
from bot.settings import Settings
from core.deps import Deps
from core.gateways import PaymentRail
from core.ports import Clock, IdSource
from core.ratelimit import FleetLimits
from storage.database import create_engine, session_factory
from storage.fleet_limits import SqlFleetLimits
from storage.fleet_repos import SqlGatewayKeys, SqlOverrides
from storage.history_repos import SqlLedgerHistory
from storage.leadership import AdvisoryLeadership
from storage.migrate import upgrade
from storage.ops_repos import SqlOperations
from storage.pending_repos import SqlClarifications
from storage.readiness import takes_a_write
from storage.token_repos import SqlTokenStore
from storage.uow import SqlUnitOfWorkFactory
from storage.update_repos import SqlUpdateClaims

log = logging.getLogger(__name__)


@dataclass
class Container(Services):
    """The services, plus the database engine they share: built once per process."""

    engine: AsyncEngine
    gateway_keys: SqlGatewayKeys | None = None  # the simulated gateways' shared memory
    shared_limits: FleetLimits | None = None  # on PostgreSQL, where several processes may run

    def fleet_limits(self) -> FleetLimits | None:
        """The database's heartbeat and flood buckets on PostgreSQL; None on SQLite."""
        return self.shared_limits

    async def ping_database(self) -> bool:
        """True when the database answers."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:  # health checks report, they don't raise
            log.exception("database ping failed")
            return False

    async def database_takes_a_write(self) -> str:
        """ "ok", or why the readiness row could not be rewritten within two seconds."""
        return await takes_a_write(self.engine, self.deps.clock.now())

    async def aclose(self) -> None:
        """Hand the lead over and release the connection pool."""
        await self.ops.leadership.release()
        if self.gateway_keys is not None:
            await self.gateway_keys.aclose()
        await self.engine.dispose()


async def build_container(
    settings: Settings,
    *,
    clock: Clock | None = None,
    ids: IdSource | None = None,
    rail: PaymentRail | None = None,
    migrate: bool | None = None,
    fleet: Fleet | None = None,
) -> Container:
    """Wire the product; upgrade SQLite schemas on start (PostgreSQL via `arcflux db upgrade`)."""
    url = settings.database_url
    if migrate if migrate is not None else url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    # PostgreSQL may carry several processes: what they must agree on goes through it.
    several = not url.startswith("sqlite")
    keys = SqlGatewayKeys.lean(url, clock.now) if several else None
    fleet = fleet or build_fleet(
        settings.simulation_seed,
        settings.simulate_latency,
        log_path=settings.gateway_log,
        shared=keys,
    )
    llm = llm_from(settings)
    uow = SqlUnitOfWorkFactory(sessions, session_factory(engine, read_only=True))
    deps = _deps(settings, uow, sessions, llm, clock, ids, rail or fleet.rail)
    ops = Operations(
        deps=deps,
        fleet=fleet,
        agent=RoutingAgent(fleet.router, llm),
        store=SqlOperations(sessions),
        retention=timedelta(hours=settings.metrics_retention_hours),
        traffic_tps=settings.traffic_tps,
    )
    # Stored on SQLite too, so each override and its audit entry commit together; only
    # several processes poll for each other's (bot.scheduler's follow job).
    ops.overrides = SqlOverrides(sessions)
    if several:
        ops.leadership = AdvisoryLeadership(url)
        ops.forget_keys = keys.prune if keys else None
    live = LiveGatewayMetrics(ops.store, ops.rollup)  # the minute under way is in memory only
    metrics = ServiceMetrics(fleet.router)
    fleet.on_attempt(metrics.attempt)
    return Container(
        settings=settings,
        deps=deps,
        fleet=fleet,
        charts=ChartService(deps, SqlLedgerHistory(sessions), live),
        ops=ops,
        metrics=metrics,
        transcriber=transcriber_from(settings),
        updates=SqlUpdateClaims(sessions),
        tokens=SqlTokenStore(sessions),
        engine=engine,
        gateway_keys=keys,
        # SQLite is one process by design: its limits stay in memory, as they always were.
        shared_limits=None if url.startswith("sqlite") else SqlFleetLimits.on(engine),
    )


def _deps(
    settings: Settings,
    uow: SqlUnitOfWorkFactory,
    sessions: async_sessionmaker[AsyncSession],
    llm: LlmClient | None,
    clock: Clock,
    ids: IdSource | None,
    rail: PaymentRail,
) -> Deps:
    """The use cases' dependency record over ``uow``."""
    policy = policy_from(settings)
    return Deps(
        uow=uow,
        clock=clock,
        ids=ids or TimeOrderedIds(),
        interpreter=IntentAgent(llm),
        guardian=GuardianAgent(uow, policy, advisor_from(settings)),
        rail=rail,
        policy=policy,
        answerer=QueryAgent(llm),
        clarifications=SqlClarifications(sessions),  # any process answers any question
    )


def _ensure_sqlite_folder(url: str) -> None:
    from pathlib import Path

    from sqlalchemy.engine.url import make_url

    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def upgrade_database(url: str) -> None:
    """`arcflux db upgrade`: migrate the configured database to the latest schema."""
    _ensure_sqlite_folder(url)
    upgrade(url)
