"""Which process leads the fleet: a PostgreSQL session advisory lock on a connection of its own.

The lock lives as long as the connection that took it: when the leader dies (even by SIGKILL)
the server closes its session and the lock is free for the next process that asks.
"""

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage.database import normalise_url

log = logging.getLogger(__name__)

# One lock id for the fleet's once-only duties ("ARCF" in ASCII).
LEADER_LOCK_ID = 0x41524346


class AdvisoryLeadership:
    """Holds or keeps asking for the fleet's advisory lock; never blocks waiting for it."""

    shared = True  # other processes may lead instead of this one

    def __init__(self, url: str, lock_id: int = LEADER_LOCK_ID) -> None:
        # NullPool: closing the connection really ends the session, and with it the lock; a
        # pooled connection would go back to the pool still holding it.
        self._engine: AsyncEngine = create_async_engine(
            normalise_url(url), poolclass=NullPool, hide_parameters=True
        )
        self._lock_id = lock_id
        self._connection: AsyncConnection | None = None

    @property
    def is_leader(self) -> bool:
        """True while this process holds the lock (as of the last refresh)."""
        return self._connection is not None

    async def refresh(self) -> bool:
        """Check a held lock's connection still lives, or try once to take the lock."""
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception:  # the session is gone, and the lock with it
                log.warning("the leader's database connection died; leadership is lost")
                await self._drop()
                return False
        return await self._try_take()

    async def _try_take(self) -> bool:
        try:
            connection = await self._engine.connect()
        except Exception:  # the database is down: nobody leads through it
            return False
        try:
            # Autocommit: the session holds the lock without an open transaction.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            took = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:id)"), {"id": self._lock_id}
            )
        except Exception:
            await _close_quietly(connection)
            return False
        if took:
            self._connection = connection
            return True
        await _close_quietly(connection)
        return False

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await _close_quietly(connection)

    async def release(self) -> None:
        """Give the lock up (a clean shutdown hands over at once) and close the engine."""
        await self._drop()
        await self._engine.dispose()


async def _close_quietly(connection: AsyncConnection) -> None:
    try:
        await connection.close()
    except Exception:  # a dead connection may fail to close; it is gone either way
        log.debug("closing a dead leadership connection failed", exc_info=True)
