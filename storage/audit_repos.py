"""AuditLog on SQLAlchemy: add and list only; the database refuses anything else."""

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import Actor, ActorKind, AuditEntry, Door, SubjectKind
from storage.audit_models import AuditEntryRow
from storage.dialects import insert_many

AUDIT = cast(Table, AuditEntryRow.__table__)


def _row(entry: AuditEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "at": entry.at,
        "actor_kind": entry.actor.kind.value,
        "actor_telegram_id": entry.actor.telegram_id,
        "actor_name": entry.actor.name,
        "door": entry.door.value,
        "subject_kind": entry.subject_kind.value,
        "subject_id": entry.subject_id,
        "payment_id": entry.payment_id,
        "action": entry.action,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "detail": dict(entry.detail),
    }


def _entry(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=Actor(ActorKind(row.actor_kind), row.actor_telegram_id, row.actor_name),
        door=Door(row.door),
        subject_kind=SubjectKind(row.subject_kind),
        subject_id=row.subject_id,
        payment_id=row.payment_id,
        action=row.action,
        from_state=row.from_state,
        to_state=row.to_state,
        detail=dict(row.detail or {}),
    )


class SqlAuditLog:
    """The audit trail inside the caller's session, so entries commit with their change."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, entries: Sequence[AuditEntry]) -> None:
        """Append entries in one Core statement (PostgreSQL: one INSERT … SELECT unnest)."""
        await insert_many(self._session, AUDIT, [_row(e) for e in entries])

    async def for_payment(self, payment_id: str) -> Sequence[AuditEntry]:
        """A payment's entries, oldest first (ties kept in insertion order by id)."""
        rows = await self._session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.payment_id == payment_id)
            .order_by(AuditEntryRow.at, AuditEntryRow.id)
        )
        return [_entry(r) for r in rows]

    async def for_subject(self, kind: SubjectKind, subject_id: str) -> Sequence[AuditEntry]:
        """One subject's entries, oldest first."""
        rows = await self._session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.subject_kind == kind.value, AuditEntryRow.subject_id == subject_id)
            .order_by(AuditEntryRow.at, AuditEntryRow.id)
        )
        return [_entry(r) for r in rows]
