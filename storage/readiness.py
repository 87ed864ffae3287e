"""The readiness write: the database is usable when it commits a write within a deadline."""

import asyncio
from datetime import datetime
from typing import cast

from sqlalchemy import Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import ReadinessRow

READINESS = cast(Table, ReadinessRow.__table__)


async def takes_a_write(engine: AsyncEngine, now: datetime, timeout_s: float = 2.0) -> str:
    """ "ok", or why the database did not commit one small write within ``timeout_s``."""
    try:
        async with asyncio.timeout(timeout_s), engine.begin() as db:
            await db.execute(_rewrite(engine.dialect.name, now))
    except TimeoutError:
        return f"no write within {timeout_s:g} s"
    except Exception as error:  # readiness reports; it never raises
        return f"unavailable: {type(error).__name__}"
    return "ok"


def _rewrite(dialect: str, now: datetime) -> Executable:
    """INSERT the one row, or UPDATE it when it is there: a real write either way."""
    insert = postgresql.insert(READINESS) if dialect == "postgresql" else sqlite.insert(READINESS)
    statement = insert.values(id=1, checked_at=now)
    return statement.on_conflict_do_update(
        index_elements=["id"], set_={"checked_at": statement.excluded.checked_at}
    )
