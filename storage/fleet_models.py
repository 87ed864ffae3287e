"""Tables that let several processes serve one bot: open questions and claimed updates."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import ID, Base
from storage.types import UTCDateTime


class PendingQuestionRow(Base):
    """A person's latest question (one row each): open until answered, superseded by newer."""

    __tablename__ = "pending_questions"
    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[dict[str, Any]] = mapped_column(JSON)
    chosen_payee: Mapped[str | None] = mapped_column(ID)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    open: Mapped[bool] = mapped_column(Boolean)
    answered_by: Mapped[int | None] = mapped_column(BigInteger)  # the webhook update, if any


class HandledUpdateRow(Base):
    """A webhook update id some process claimed; ``handled`` once its effect committed."""

    __tablename__ = "handled_updates"
    __table_args__ = (Index("ix_handled_updates_claimed_at", "claimed_at"),)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled: Mapped[bool] = mapped_column(Boolean)
