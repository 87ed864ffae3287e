"""Dialect helpers: INSERT … ON CONFLICT DO NOTHING, IN lists and index-only plans."""

import json
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import JSON, Table, Text, any_, bindparam, cast, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring(session: AsyncSession, table: Table, key: str) -> Any:
    """An INSERT that skips rows whose ``key`` column already holds the value."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])


@asynccontextmanager
async def index_lookups(session: AsyncSession) -> AsyncIterator[None]:
    """Plan the reads inside as the index lookups they are written as, whatever the statistics.

    PostgreSQL: statistics taken while a table was small (ANALYZE on an empty history, then a
    month of runs) make a sequential scan look cheaper than the index, and a bounded read of
    a payer's newest runs becomes a scan of every run. Sequential scans are priced out for
    these statements only, and allowed again after them.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        await session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        if postgres:
            await session.execute(text("SET LOCAL enable_seqscan = on"))


def among(session: AsyncSession, column: Any, values: Collection[Any]) -> Any:
    """``column IN (values)``; on PostgreSQL ``column = ANY(:array)`` instead.

    An IN list renders one statement text per list length, so asyncpg prepares (parses and
    plans) nearly every batch's statements afresh; one array parameter keeps one text.
    """
    ordered = sorted(set(values))
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ordered, type_=postgresql.ARRAY(column.type)))
    return column.in_(ordered)


async def insert_many(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    ignore: str | None = None,
) -> None:
    """Insert ``rows`` (all with the same keys); with ``ignore``, skip rows whose key exists.

    On PostgreSQL one ``INSERT … SELECT FROM unnest(arrays)``: a single statement for the batch
    where an executemany runs the executor once per row (most of the server's time in a tick).
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        statement = insert_ignoring(session, table, ignore) if ignore else table.insert()
        await session.execute(statement, list(rows))
        return
    names = list(rows[0])
    arrays = unnested({n: (table.c[n].type, [r[n] for r in rows]) for n in names})
    # JSON travels as text and is cast back (see unnested).
    chosen = select(
        *(cast(arrays.c[n], JSON) if _is_json(table.c[n].type) else arrays.c[n] for n in names)
    )
    statement = postgresql.insert(table).from_select(names, chosen)
    if ignore:
        statement = statement.on_conflict_do_nothing(index_elements=[ignore])
    await session.execute(statement)


def unnested(columns: Mapping[str, tuple[Any, Sequence[Any]]]) -> Any:
    """PostgreSQL: equal-length value lists as one row source, ``unnest(:a, :b, …) AS v(a, b, …)``.

    Each name maps to (column type, values); a JSON column's values are sent as JSON text,
    since an array parameter would read a JSON list as another dimension.
    """
    params = [
        bindparam(
            f"p_{name}",
            [_json(type_, v) for v in values] if _is_json(type_) else list(values),
            type_=postgresql.ARRAY(Text() if _is_json(type_) else type_),
        )
        for name, (type_, values) in columns.items()
    ]
    return func.unnest(*params).table_valued(*columns).render_derived(with_types=False)


def _is_json(type_: Any) -> bool:
    return isinstance(type_, JSON)


def _json(type_: Any, value: Any) -> str | None:
    # As SQLAlchemy's JSON type binds it: None is JSON null unless the column says otherwise.
    return None if value is None and type_.none_as_null else json.dumps(value)
