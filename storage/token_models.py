"""The api_tokens table: hashes of personal and service tokens, revoked ones kept."""

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import ID, Base
from storage.types import UTCDateTime

LIVE = text("revoked_at IS NULL")


class ApiTokenRow(Base):
    """One token; ``holder`` is "person:<telegram id>" or "service", so names are per holder."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        # Unique among live tokens only: a revoked name may be used again.
        Index(
            "ux_api_tokens_live_name",
            "holder",
            "name",
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    holder: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(8))
    owner_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
