"""The audit_entries table: append-only, guarded by database triggers (see migration 0016)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import ID, Base
from storage.types import UTCDateTime


class AuditEntryRow(Base):
    """One recorded change of a payment, run, limit, mandate, token, override or breaker."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_payment_id", "payment_id", "at"),
        Index("ix_audit_entries_subject", "subject_kind", "subject_id"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_kind: Mapped[str] = mapped_column(String(32))
    actor_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_name: Mapped[str | None] = mapped_column(String(128))
    door: Mapped[str] = mapped_column(String(16))
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(128))
    payment_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
