"""Dialect helpers: INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring(session: AsyncSession, table: Table, key: str) -> Any:
    """An INSERT that skips rows whose ``key`` column already holds the value."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])
