"""Engine creation: one async engine per process, SQLite tuned for safe concurrent writes."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import sqlite_inline

SQLITE_BUSY_TIMEOUT_S = 5  # a locked database answers within seconds, not minutes
READ_ONLY = "arcflux_read_only"  # execution option marking a read-only unit of work


def normalise_url(url: str) -> str:
    """Accept plain sqlite:// and postgresql:// URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    """An async engine; on SQLite every writing transaction takes the write lock up front."""
    url = normalise_url(url)
    # Errors carry no SQL parameters: they hold people's names and amounts, and error text
    # reaches logs and operators.
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["async_creator"] = _sqlite_connector(url)
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):
        _make_sqlite_transactions_immediate(engine)
    return engine


def _sqlite_connector(url: str) -> Any:
    parsed = make_url(url)
    uri = parsed.query.get("uri") == "true"
    return sqlite_inline.connector(
        parsed.database or ":memory:", uri=uri, busy_timeout_s=SQLITE_BUSY_TIMEOUT_S
    )


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    # pysqlite's own deferred BEGIN lets two readers race to upgrade to writers and fail with
    # "database is locked"; BEGIN IMMEDIATE makes them queue on the busy timeout instead.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection.isolation_level is not None:  # the inline driver opens with None
            dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed payment survives a power cut (NORMAL may lose the last commits in WAL).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A unit that never writes cannot race to upgrade, and in WAL mode a deferred BEGIN
        # reads a snapshot beside the writer instead of queueing behind it.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        # On the DBAPI cursor, not exec_driver_sql: a full statement execution through the
        # engine cost more than the query it opened for a one-row read.
        cursor = connection.connection.cursor()
        cursor.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")
        cursor.close()


def session_factory(
    engine: AsyncEngine, *, read_only: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (we map rows to core types anyway).

    ``read_only`` sessions begin deferred on SQLite and READ ONLY on PostgreSQL.
    """
    if read_only:
        options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            options["postgresql_readonly"] = True  # the server refuses any write
        engine = engine.execution_options(**options)
    return async_sessionmaker(engine, expire_on_commit=False)
