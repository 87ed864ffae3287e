"""What the intent agent returns: the user's wish as structured data."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

from core.schedule import Schedule

IntentKind = Literal["pay", "balance", "upcoming", "history", "cancel", "help", "unknown"]
ParserName = Literal["llm", "heuristic"]


@dataclass(frozen=True)
class Contact:
    """Someone the payer can pay: an id plus every way they may be written."""

    id: str
    name: str
    handle: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntentContext:
    """What the parser needs besides the text: clock, zone, default asset, contacts."""

    now: datetime
    timezone: str = "UTC"
    default_asset: str = "USDC"
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Intent:
    """A parsed message; ``missing`` names the slots the user still has to give."""

    kind: IntentKind
    parser: ParserName = "heuristic"
    recipient: str | None = None  # a Contact.id once resolved
    recipient_text: str | None = None  # the payee as the user wrote it
    amount: Decimal | None = None
    asset: str = "USDC"
    schedule: Schedule | None = None
    note: str | None = None
    cancel_all: bool = False
    payment_ref: str | None = None
    missing: tuple[str, ...] = field(default_factory=tuple)
    candidates: tuple[str, ...] = ()  # contact ids when the payee is ambiguous
    max_runs: int | None = None  # mandate limit the user gave ("at most 10 times")
    total_budget: Decimal | None = None  # mandate limit the user gave ("up to 500 in total")
    amount_doubts: tuple[str, ...] = ()  # numbers as written when the amount was left empty
