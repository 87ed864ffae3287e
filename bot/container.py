"""The composition root: the one module that wires storage and adapters into the core."""

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from agents.guardian import GuardianAgent
from agents.guardian.opinion import LlmAdvisor, build_advisor
from agents.intent import IntentAgent
from agents.llm import LlmClient, LlmConfig, Transcriber
from agents.query import QueryAgent
from agents.routing import RoutingAgent
from bot.adapters import SystemClock, TimeOrderedIds
from bot.charts.live import LiveGatewayMetrics
from bot.charts.service import ChartService
from bot.operations import Operations
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet, build_fleet
from bot.settings import Settings
from core.gateways import PaymentRail
from core.guardian import load_ruleset
from core.ports import Clock, IdSource
from core.usecases.deps import Deps, Policy
from storage.database import create_engine, session_factory
from storage.history_repos import SqlLedgerHistory
from storage.migrate import upgrade
from storage.ops_repos import SqlOperations
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class Container:
    """Everything a door needs, built once per process."""

    settings: Settings
    engine: AsyncEngine
    deps: Deps
    fleet: Fleet
    charts: ChartService
    ops: Operations
    metrics: ServiceMetrics

    async def ping_database(self) -> bool:
        """True when the database answers."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:  # health checks report, they don't raise
            log.exception("database ping failed")
            return False

    async def aclose(self) -> None:
        """Release the connection pool."""
        await self.engine.dispose()


def _llm_config(settings: Settings) -> LlmConfig | None:
    if not (settings.llm_base_url and settings.llm_model):
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    return LlmConfig(
        base_url=settings.llm_base_url,
        # A local OpenAI-compatible server often wants no key, but the client insists on one.
        api_key=key or "not-needed",
        model=settings.llm_model,
        timeout_s=settings.llm_timeout_seconds,
    )


def llm_from(settings: Settings) -> LlmClient | None:
    """The model client when LLM_BASE_URL and LLM_MODEL are set (LLM_API_KEY if it needs one)."""
    config = _llm_config(settings)
    return LlmClient(config) if config else None


def transcriber_from(settings: Settings) -> Transcriber | None:
    """Voice transcription when a model endpoint and TRANSCRIPTION_MODEL are set."""
    config = _llm_config(settings)
    if config is None or not settings.transcription_model:
        return None
    return Transcriber(config, settings.transcription_model)


def policy_from(settings: Settings) -> Policy:
    """The product policy the settings describe."""
    return Policy(
        sandbox=settings.sandbox,
        sandbox_credit=settings.sandbox_credit,
        default_asset=settings.default_asset,
        per_payment_cap=settings.per_payment_cap,
        confirm_ttl=timedelta(minutes=settings.confirm_ttl_minutes),
        review_ttl=timedelta(hours=settings.review_ttl_hours),
        default_timezone=settings.timezone,
        per_day_cap=settings.per_day_cap,
        per_recipient_day_cap=settings.per_recipient_day_cap,
        operators=settings.operator_chat_ids,
        rules=load_ruleset(settings.guardian_rules_path),
        payee_allow=frozenset(settings.payee_allow_list),
        payee_deny=frozenset(settings.payee_deny_list),
        misfire_grace=timedelta(minutes=settings.misfire_grace_minutes),
        run_lease=timedelta(seconds=settings.run_lease_seconds),
        tick_batch=settings.tick_batch,
    )


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
    uow = SqlUnitOfWorkFactory(sessions, session_factory(engine, read_only=True))
    policy = policy_from(settings)
    llm = llm_from(settings)
    fleet = fleet or build_fleet(
        settings.simulation_seed, settings.simulate_latency, log_path=settings.gateway_log
    )
    deps = Deps(
        uow=uow,
        clock=clock or SystemClock(),
        ids=ids or TimeOrderedIds(),
        interpreter=IntentAgent(llm),
        guardian=GuardianAgent(uow, policy, _advisor(settings)),
        rail=rail or fleet.rail,
        policy=policy,
        answerer=QueryAgent(llm),
    )
    ops = Operations(
        deps=deps,
        fleet=fleet,
        agent=RoutingAgent(fleet.router, llm),
        store=SqlOperations(sessions),
        retention=timedelta(hours=settings.metrics_retention_hours),
        traffic_tps=settings.traffic_tps,
    )
    live = LiveGatewayMetrics(ops.store, ops.rollup)  # the minute under way is in memory only
    charts = ChartService(deps, SqlLedgerHistory(sessions), live)
    metrics = ServiceMetrics(fleet.router)
    fleet.on_attempt(metrics.attempt)
    return Container(
        settings=settings,
        engine=engine,
        deps=deps,
        fleet=fleet,
        charts=charts,
        ops=ops,
        metrics=metrics,
    )


def _advisor(settings: Settings) -> LlmAdvisor | None:
    """The guardian's optional LLM opinion writer (None without an endpoint and model)."""
    return build_advisor(llm_from(settings))


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
