"""A fresh PostgreSQL database per test on the server named by ARCFLUX_TEST_PG_URL."""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine.url import make_url

from storage.database import create_engine, normalise_url

PG_ENV = "ARCFLUX_TEST_PG_URL"


def server_url() -> str | None:
    """The PostgreSQL server for tests, if one is configured."""
    return os.environ.get(PG_ENV) or None


def require_server() -> str:
    """The server URL, or skip the test (CI always sets it)."""
    url = server_url()
    if url is None:
        pytest.skip(f"{PG_ENV} is not set (scripts/postgres.sh start prints one)")
    return url


@asynccontextmanager
async def fresh_database(server: str) -> AsyncIterator[str]:
    """Create an empty database on ``server``, yield its URL, drop it afterwards."""
    name = f"arcflux_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalise_url(server)).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
