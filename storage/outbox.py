"""The notification outbox: queued with what it reports, leased to one sender, marked sent."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.notices import Action, Notice, Queued
from storage.dialects import insert_many
from storage.models import OutboxRow, UserRow

OUTBOX = cast(Table, OutboxRow.__table__)
USERS = cast(Table, UserRow.__table__)


def _queued(row: Any) -> Queued:
    actions = tuple(Action(a["label"], a["kind"], a["ref"]) for a in row.keyboard or [])
    fallback = row.fallback and Notice(
        row.fallback["key"], row.fallback["chat_id"], row.fallback["text"]
    )
    notice = Notice(row.dedupe_key, row.chat_id, row.text, actions, fallback or None)
    return Queued(row.id, notice, row.leased_until)


def _fallback(notice: Notice) -> dict[str, Any] | None:
    other = notice.if_undeliverable
    if other is None:
        return None
    return {"key": other.key, "chat_id": other.chat_id, "text": other.text}


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
                "fallback": _fallback(n),
                "created_at": at,
                "leased_until": None,
                "sent_at": None,
                "undeliverable_at": None,
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
                OutboxRow.undeliverable_at.is_(None),
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

    async def mark_sent(self, item: Queued, at: datetime) -> bool:
        """Record delivery while this sender's lease holds (another may have re-leased it)."""
        result = await self._s.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == item.id, OUTBOX.c.leased_until == item.leased_until)
            .values(sent_at=at)
        )
        return bool(cast(CursorResult[Any], result).rowcount)

    async def give_up(self, item: Queued, at: datetime) -> bool:
        """End the notice as undeliverable and mark the person behind its chat unreachable."""
        result = await self._s.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == item.id, OUTBOX.c.sent_at.is_(None))
            .values(undeliverable_at=at)
        )
        await self._s.execute(
            update(USERS)
            .where(USERS.c.telegram_id == item.notice.chat_id)
            .values(unreachable_at=at)
        )
        return bool(cast(CursorResult[Any], result).rowcount)
