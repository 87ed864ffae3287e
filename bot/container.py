"""The composition root: the one module that wires storage and adapters into the core."""

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from agents.guardian import GuardianAgent
from agents.intent import IntentAgent
from bot.adapters import SystemClock, UuidIds
from bot.rails import build_rail
from bot.settings import Settings
from core.gateways import PaymentRail
from core.ports import Clock, IdSource
from core.usecases.deps import Deps, Policy
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class Container:
    """Everything a door needs, built once per process."""

    settings: Settings
    engine: AsyncEngine
    deps: Deps

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


def policy_from(settings: Settings) -> Policy:
    """The product policy the settings describe."""
    return Policy(
        sandbox=settings.sandbox,
        sandbox_credit=settings.sandbox_credit,
        default_asset=settings.default_asset,
        per_payment_cap=settings.per_payment_cap,
        confirm_ttl=timedelta(minutes=settings.confirm_ttl_minutes),
        default_timezone=settings.timezone,
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
) -> Container:
    """Wire the product; upgrade SQLite schemas on start (PostgreSQL via `arcflux db upgrade`)."""
    url = settings.database_url
    if migrate if migrate is not None else url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(session_factory(engine))
    policy = policy_from(settings)
    deps = Deps(
        uow=uow,
        clock=clock or SystemClock(),
        ids=ids or UuidIds(),
        interpreter=IntentAgent(),
        guardian=GuardianAgent(uow, policy),
        rail=rail or build_rail(),
        policy=policy,
    )
    return Container(settings=settings, engine=engine, deps=deps)


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
