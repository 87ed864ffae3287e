"""What a money question is about, and the facts read to answer it (the query agent sees these)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from core.entities import Payment, RiskAssessment, User

Topic = Literal["balance", "upcoming", "history", "flagged"]


@dataclass(frozen=True)
class Upcoming:
    """A scheduled payment and its next run times."""

    payment: Payment
    payee: str
    next_runs: tuple[datetime, ...]


@dataclass(frozen=True)
class PastRun:
    """One finished run as the payer sees it."""

    payee: str
    amount: Decimal
    asset: str
    at: datetime
    succeeded: bool
    reason: str | None


@dataclass(frozen=True)
class Flagged:
    """The latest payment the guardian scored above zero, with its reasons."""

    payee: str
    amount: Decimal
    asset: str
    assessment: RiskAssessment


@dataclass(frozen=True)
class Facts:
    """What a money question needs, all read from the database (see gather)."""

    user: User
    balance: Decimal
    asset: str
    upcoming: tuple[Upcoming, ...] = ()
    history: tuple[PastRun, ...] = ()
    flagged: Flagged | None = None
    history_payee: str | None = None
    upcoming_more: bool = False  # more scheduled payments exist than ``upcoming`` holds
