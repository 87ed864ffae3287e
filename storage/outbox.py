"""The notification outbox: queued with what it reports, leased to one sender, marked sent."""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.notices import Action, Notice, Queued
from storage.dialects import insert_many
from storage.models import OutboxRow

OUTBOX = cast(Table, OutboxRow.__table__)


def _queued(row: Any) -> Queued:
    actions = tuple(Action(a["label"], a["kind"], a["ref"]) for a in row.keyboard or [])
    return Queued(row.id, Notice(row.dedupe_key, row.chat_id, row.text, actions))


class SqlOutbox:
    """Outbox on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue notices once per key."""
        if not notices:
            return
        rows = [
            {
                "dedupe_key": n.key,
                "chat_id": n.chat_id,
                "text": n.text,
                "keyboard": [{"label": a.label, "kind": a.kind, "ref": a.ref} for a in n.actions]
                or None,
                "created_at": at,
                "leased_until": None,
                "sent_at": None,
            }
            for n in notices
        ]
        await insert_many(self._s, OUTBOX, rows, ignore="dedupe_key")

    async def lease(self, now: datetime, until: datetime, limit: int) -> Sequence[Queued]:
        """Lease unsent notices nobody else holds."""
        picked = (
            select(OutboxRow.id)
            .where(
                OutboxRow.sent_at.is_(None),
                or_(OutboxRow.leased_until.is_(None), OutboxRow.leased_until < now),
            )
            .order_by(OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await self._s.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(picked), OUTBOX.c.sent_at.is_(None))
            .values(leased_until=until)
            .returning(*OUTBOX.c)
        )
        return sorted((_queued(r) for r in result.all()), key=lambda q: q.id)

    async def mark_sent(self, ids: Collection[int], at: datetime) -> None:
        """Record delivery."""
        if ids:
            await self._s.execute(
                update(OUTBOX).where(OUTBOX.c.id.in_(list(ids))).values(sent_at=at)
            )
