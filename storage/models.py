"""SQLAlchemy 2.x typed table models. Money is stored as integer minor units."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

ID = String(64)


class Base(DeclarativeBase):
    """Declarative base for every ArcFlux table."""


class UserRow(Base):
    """A Telegram user."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # Telegram said never
    # Raised on every rename, so a directory cached by (count, sum of revisions) sees it.
    profile_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AccountRow(Base):
    """A ledger account; balance and reserved are caches the entries must agree with."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("owner_id", "asset", "kind", name="uq_accounts_owner"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    asset: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(32))
    balance_units: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved_units: Mapped[int] = mapped_column(BigInteger, default=0)


class JournalRow(Base):
    """A balanced set of entries; ``key`` is unique so a posting happens once."""

    __tablename__ = "journals"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    run_id: Mapped[str | None] = mapped_column(ForeignKey("runs.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EntryRow(Base):
    """One signed leg of a journal."""

    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    journal_id: Mapped[str] = mapped_column(ForeignKey("journals.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    asset: Mapped[str] = mapped_column(String(8))
    amount_units: Mapped[int] = mapped_column(BigInteger)


class PaymentRow(Base):
    """A payment or standing mandate."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_status_expiry", "status", "confirm_expires_at"),
        # A payer's payments in one state (mandates, history): without it SQLite walks every
        # payment in that state for each batch of pre-run checks.
        Index("ix_payments_payer_status", "payer_id", "status"),
        # Has this payer paid this payee before: one lookup, however many others they paid.
        Index("ix_payments_payer_payee", "payer_id", "payee_id"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    payer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    payee_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    amount_units: Mapped[int] = mapped_column(BigInteger)
    asset: Mapped[str] = mapped_column(String(8))
    first_run: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str | None] = mapped_column(String(256))
    run_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    details_hash: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirm_expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(String(500))
    max_runs: Mapped[int | None] = mapped_column(Integer)
    total_budget_units: Mapped[int | None] = mapped_column(BigInteger)


class RunRow(Base):
    """One execution of a payment; the idempotency key is unique."""

    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_status_scheduled", "status", "scheduled_at"),
        # Runs of given payments in a given state: the planner would otherwise take the status
        # index and scan every succeeded (or due) run once per batch, O(N) a batch.
        Index("ix_runs_payment_status", "payment_id", "status"),
        # A payer's newest runs without reading the rest of their history (status a filter).
        Index("ix_runs_payer_executed", "payer_id", "executed_at"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"))
    # The payment's payer, copied here (a payment never changes payer) for the index above.
    payer_id: Mapped[str] = mapped_column(ID)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    gateway: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(200))
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # set when executing


class RiskAssessmentRow(Base):
    """A guardian decision with its inputs."""

    __tablename__ = "risk_assessments"
    # The approval of given payments (run_id IS NULL) without walking every approval.
    __table_args__ = (Index("ix_risk_assessments_payment_run", "payment_id", "run_id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"))
    run_id: Mapped[str | None] = mapped_column(ForeignKey("runs.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    features: Mapped[dict[str, Any]] = mapped_column(JSON)
    rule_hits: Mapped[list[str]] = mapped_column(JSON)
    ruleset_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opinion: Mapped[str | None] = mapped_column(Text)


class UserLimitRow(Base):
    """A user's own limits, in millionths of the default asset; NULL means the default."""

    __tablename__ = "user_limits"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    per_payment_micros: Mapped[int | None] = mapped_column(BigInteger)
    per_day_micros: Mapped[int | None] = mapped_column(BigInteger)
    per_recipient_day_micros: Mapped[int | None] = mapped_column(BigInteger)


class OutboxRow(Base):
    """A notification written with what it reports; delivered and marked sent by a job."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "leased_until"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(4096))
    keyboard: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    fallback: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # sent if this one can't be
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undeliverable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReadinessRow(Base):
    """One row the readiness check rewrites: proof that the database still takes a write."""

    __tablename__ = "readiness"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FleetMemberRow(Base):
    """A running process and its last heartbeat: the live ones share the bot's Telegram limits."""

    __tablename__ = "fleet_members"
    process_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class FloodBucketRow(Base):
    """One person's flood-guard token bucket, shared by every process of the bot."""

    __tablename__ = "flood_buckets"
    person_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    warned: Mapped[bool] = mapped_column(Boolean, default=False)
