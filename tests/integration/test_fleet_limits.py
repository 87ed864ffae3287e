"""Telegram's per-bot limits shared by processes on one PostgreSQL; SQLite keeps its own."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.composition.container import build_container
from bot.settings import Settings
from core.ratelimit import Verdict
from storage.database import create_engine
from storage.fleet_limits import SqlFleetMembers, SqlFloodBudget
from storage.migrate import upgrade
from tests.pg import fresh_database, require_server

PERSON = 4242


@pytest.fixture
async def engines() -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """Two engines on one migrated PostgreSQL database: what two processes would hold."""
    async with fresh_database(require_server()) as url:
        await asyncio.to_thread(upgrade, url)
        first, second = create_engine(url), create_engine(url)
        yield first, second
        await first.dispose()
        await second.dispose()


async def test_each_process_counts_every_live_process(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    one, two = SqlFleetMembers(engines[0]), SqlFleetMembers(engines[1])
    assert await one.heartbeat() == 1
    assert await two.heartbeat() == 2
    assert await one.heartbeat() == 2


async def test_a_process_without_a_heartbeat_for_15_s_is_no_longer_counted(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    killed, alive = SqlFleetMembers(engines[0]), SqlFleetMembers(engines[1])
    await killed.heartbeat()
    async with engines[0].begin() as db:
        await db.execute(text("UPDATE fleet_members SET seen_at = seen_at - interval '16 seconds'"))
    assert await alive.heartbeat() == 1


async def test_a_process_that_leaves_is_no_longer_counted(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    leaving, staying = SqlFleetMembers(engines[0]), SqlFleetMembers(engines[1])
    await leaving.heartbeat()
    await leaving.leave()
    assert await staying.heartbeat() == 1


async def test_a_persons_flood_is_counted_across_processes(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    one, two = (SqlFloodBudget(engine, capacity=4, per_second=0.001) for engine in engines)
    # The webhook alternates the person's updates between the two processes.
    verdicts = [await (one if n % 2 else two).spend(PERSON) for n in range(6)]
    assert verdicts == [Verdict.PASS] * 4 + [Verdict.REFUSE, Verdict.DROP]
    assert await one.spend(PERSON + 1) is Verdict.PASS  # each person has their own bucket


async def test_a_flooders_tokens_come_back_with_the_databases_time(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    one, two = (SqlFloodBudget(engine, capacity=1, per_second=1) for engine in engines)
    assert await one.spend(PERSON) is Verdict.PASS
    assert await two.spend(PERSON) is Verdict.REFUSE
    async with engines[0].begin() as db:
        await db.execute(text("UPDATE flood_buckets SET at = at - interval '2 seconds'"))
    assert await two.spend(PERSON) is Verdict.PASS


async def test_buckets_untouched_for_an_hour_are_forgotten(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    budget = SqlFloodBudget(engines[0])
    await budget.spend(PERSON)
    await budget.spend(PERSON + 1)
    async with engines[0].begin() as db:
        await db.execute(
            text("UPDATE flood_buckets SET at = at - interval '61 minutes' WHERE person_id = :p"),
            {"p": PERSON},
        )
    assert await budget.forget_full() == 1


async def test_on_postgresql_the_container_shares_limits_and_on_sqlite_it_does_not(
    tmp_path: Path,
) -> None:
    async with fresh_database(require_server()) as url:
        for database_url in (url, f"sqlite:///{tmp_path / 'alone.db'}"):
            settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
            container = await build_container(settings, migrate=True)
            try:
                shared = container.fleet_limits()
                if database_url.startswith("sqlite"):
                    assert shared is None
                else:
                    assert shared is not None and await shared.heartbeat() == 1
            finally:
                await container.aclose()
