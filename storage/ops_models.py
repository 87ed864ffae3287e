"""Tables for the operations side: gateway minutes, incidents, agent actions, fleet state."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import ID, Base
from storage.types import UTCDateTime


class GatewayMinuteRow(Base):
    """One process's count of one gateway's attempts in one minute (rows are summed on read)."""

    __tablename__ = "gateway_minutes"
    __table_args__ = (Index("ix_gateway_minutes_minute", "minute", "gateway"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gateway: Mapped[str] = mapped_column(String(32))
    minute: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer)
    successes: Mapped[int] = mapped_column(Integer)
    gateway_faults: Mapped[int] = mapped_column(Integer)
    payer_faults: Mapped[int] = mapped_column(Integer)
    p50_ms: Mapped[float] = mapped_column(Float)
    p95_ms: Mapped[float] = mapped_column(Float)
    errors: Mapped[dict[str, int]] = mapped_column(JSON)
    weight: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(16))  # the process that counted them


ACTIVE = text("status != 'resolved'")


class IncidentRow(Base):
    """A gateway incident and what the agent did about it."""

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_status", "status", "gateway"),
        # One open or acknowledged incident per gateway, whichever process tries to open one.
        Index(
            "uq_incidents_one_active",
            "gateway",
            unique=True,
            postgresql_where=ACTIVE,
            sqlite_where=ACTIVE,
        ),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    gateway: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(String(500))
    explanation: Mapped[str] = mapped_column(String(2000))
    actions: Mapped[list[str]] = mapped_column(JSON)
    acknowledged_by: Mapped[int | None] = mapped_column(BigInteger)


class AgentActionRow(Base):
    """One routing-agent cycle that changed something: actions, reasoning, measured effect."""

    __tablename__ = "agent_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    chooser: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(String(2000))
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    effect: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class GatewayOverrideRow(Base):
    """An operator's or the leader's control (breaker, chaos, weights) every process applies."""

    __tablename__ = "gateway_overrides"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))


class SimulatedChargeRow(Base):
    """A simulated gateway's memory of one idempotency key, shared by every process."""

    __tablename__ = "simulated_charges"
    __table_args__ = (Index("ix_simulated_charges_charged_at", "charged_at"),)
    gateway: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(64))
    latency_ms: Mapped[float] = mapped_column(Float)
    charged_at: Mapped[datetime] = mapped_column(UTCDateTime())
