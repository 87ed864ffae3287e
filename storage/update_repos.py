"""UpdateClaims on SQLAlchemy, and the fence every unit of work passes before it commits."""

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Select, Table, Update, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.handled_updates import ClaimLost, ClaimState, UpdateClaim
from storage.dialects import insert_ignoring
from storage.fleet_models import HandledUpdateRow

_TABLE = cast(Table, HandledUpdateRow.__table__)


class SqlUpdateClaims:
    """Claims in the ``handled_updates`` table; each call is its own short transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def claim(self, claim: UpdateClaim, lease: timedelta) -> ClaimState:
        """First claim wins; an unfinished claim older than ``lease`` is taken over."""
        row = {"update_id": claim.update_id, "token": claim.token}
        row |= {"claimed_at": claim.claimed_at, "handled": False}
        async with self._sessions() as session, session.begin():
            fresh = insert_ignoring(session, _TABLE, "update_id").values(row)
            if (await session.execute(fresh.returning(_TABLE.c.update_id))).first():
                return ClaimState.MINE
            # On PostgreSQL the UPDATE re-checks its WHERE after the row lock: one taker wins.
            taking_over = (
                update(HandledUpdateRow)
                .where(
                    HandledUpdateRow.update_id == claim.update_id,
                    HandledUpdateRow.handled.is_(False),
                    HandledUpdateRow.claimed_at < claim.claimed_at - lease,
                )
                .values(token=claim.token, claimed_at=claim.claimed_at)
                .returning(HandledUpdateRow.update_id)
            )
            if (await session.execute(taking_over)).first():
                return ClaimState.MINE
            handled = await session.scalar(_handled(claim.update_id))
        return ClaimState.HANDLED if handled else ClaimState.BUSY

    async def is_handled(self, update_id: int) -> bool:
        """True once the update's effect (or its handler) finished."""
        async with self._sessions() as session:
            return bool(await session.scalar(_handled(update_id)))

    async def finish(self, claim: UpdateClaim) -> None:
        """Mark handled if still ours (an update that wrote nothing ends here)."""
        async with self._sessions() as session, session.begin():
            await session.execute(_marking_handled(claim))

    async def release(self, claim: UpdateClaim) -> None:
        """Drop our unfinished claim, so the next delivery claims it afresh."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(HandledUpdateRow).where(
                    HandledUpdateRow.update_id == claim.update_id,
                    HandledUpdateRow.token == claim.token,
                    HandledUpdateRow.handled.is_(False),
                )
            )

    async def prune(self, before: datetime) -> int:
        """Forget updates claimed before ``before``."""
        async with self._sessions() as session, session.begin():
            gone = await session.execute(
                delete(HandledUpdateRow)
                .where(HandledUpdateRow.claimed_at < before)
                .returning(HandledUpdateRow.update_id)
            )
            return len(gone.all())


async def fence(session: AsyncSession, claim: UpdateClaim) -> None:
    """In the caller's transaction: mark the update handled, or raise ClaimLost if not ours."""
    marked = await session.execute(_marking_handled(claim).returning(HandledUpdateRow.update_id))
    if marked.first() is None:
        raise ClaimLost(f"update {claim.update_id} was taken over by another process")


def _marking_handled(claim: UpdateClaim) -> Update:
    return (
        update(HandledUpdateRow)
        .where(HandledUpdateRow.update_id == claim.update_id, HandledUpdateRow.token == claim.token)
        .values(handled=True)
    )


def _handled(update_id: int) -> Select[bool]:
    return select(HandledUpdateRow.handled).where(HandledUpdateRow.update_id == update_id)
