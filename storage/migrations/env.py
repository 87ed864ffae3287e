"""Alembic environment: runs migrations over the async engine ArcFlux uses."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage import (
    audit_models,  # noqa: F401 - registers the audit trail
    fleet_models,  # noqa: F401 - registers the shared-conversation tables
    ops_models,  # noqa: F401 - registers the operations tables
    token_models,  # noqa: F401 - registers the api_tokens table
)
from storage.database import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copy
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
