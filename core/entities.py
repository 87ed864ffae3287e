"""Domain records as plain frozen dataclasses; storage maps rows to these."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.schedule import Schedule
from core.states import PaymentStatus, RunStatus


class AccountKind(StrEnum):
    """Wallets belong to users; system accounts are the other side of outside money."""

    WALLET = "wallet"
    SANDBOX_FUNDING = "sandbox_funding"  # may go negative: it mints sandbox credit


class RiskLevel(StrEnum):
    """Guardian bands."""

    ALLOW = "allow"
    STEP_UP = "step_up"
    BLOCK = "block"


@dataclass(frozen=True)
class User:
    """A Telegram user known to ArcFlux."""

    id: str
    telegram_id: int
    name: str
    username: str | None = None
    timezone: str = "UTC"


@dataclass(frozen=True)
class Account:
    """A ledger account in one asset."""

    id: str
    asset: str
    kind: AccountKind
    owner_id: str | None = None


@dataclass(frozen=True)
class Entry:
    """One leg of a journal: a signed amount on an account."""

    account_id: str
    asset: str
    amount: Decimal


@dataclass(frozen=True)
class Journal:
    """A set of entries that sums to zero per asset; ``key`` makes posting idempotent."""

    id: str
    key: str
    kind: str
    entries: tuple[Entry, ...]
    created_at: datetime
    run_id: str | None = None


@dataclass(frozen=True)
class Payment:
    """A payment the user asked for; recurring ones are standing mandates."""

    id: str
    payer_id: str
    payee_id: str
    amount: Decimal
    asset: str
    schedule: Schedule
    status: PaymentStatus
    details_hash: str
    created_at: datetime
    confirm_expires_at: datetime
    note: str | None = None
    max_runs: int | None = None  # mandate limit: runs that may succeed in total
    total_budget: Decimal | None = None  # mandate limit: money that may move in total


@dataclass(frozen=True)
class Run:
    """One execution of a payment at its scheduled time."""

    id: str
    payment_id: str
    scheduled_at: datetime
    idempotency_key: str
    status: RunStatus
    gateway: str | None = None
    error: str | None = None
    executed_at: datetime | None = None


@dataclass(frozen=True)
class RiskAssessment:
    """A stored guardian decision with everything it was based on."""

    id: str
    payment_id: str
    score: int
    level: RiskLevel
    reasons: tuple[str, ...]
    features: dict[str, Any] = field(default_factory=dict)
    rule_hits: tuple[str, ...] = ()
    ruleset_version: str = "builtin-1"
    created_at: datetime | None = None
    run_id: str | None = None
    opinion: str | None = None  # an LLM's written view, stored beside the decision
