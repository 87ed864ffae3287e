"""Dialect helpers: INSERT … ON CONFLICT DO NOTHING and IN lists on SQLite and PostgreSQL."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Table, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring(session: AsyncSession, table: Table, key: str) -> Any:
    """An INSERT that skips rows whose ``key`` column already holds the value."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])


def among(session: AsyncSession, column: Any, values: Collection[Any]) -> Any:
    """``column IN (values)``; on PostgreSQL ``column = ANY(:array)`` instead.

    An IN list renders one statement text per list length, so asyncpg prepares (parses and
    plans) nearly every batch's statements afresh; one array parameter keeps one text.
    """
    ordered = sorted(set(values))
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ordered, type_=postgresql.ARRAY(column.type)))
    return column.in_(ordered)
