"""Integration fixtures: the same tests on SQLite and on a real PostgreSQL server."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.composition.container import Container, build_container
from bot.settings import Settings
from tests.fakes import FrozenClock, IdempotentRail, SequentialIds
from tests.pg import fresh_database, require_server


@pytest.fixture
def gateway() -> IdempotentRail:
    return IdempotentRail()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'arcflux.db'}"
        return
    async with fresh_database(require_server()) as url:
        yield url


@pytest.fixture
async def system(
    database_url: str, clock: FrozenClock, gateway: IdempotentRail
) -> AsyncIterator[Container]:
    """A container over either database, with an idempotent gateway that counts charges."""
    settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
    built = await build_container(
        settings, clock=clock, ids=SequentialIds(), rail=gateway, migrate=True
    )
    yield built
    await built.aclose()
