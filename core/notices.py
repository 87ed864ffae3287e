"""Notifications to users: what to say, with optional action buttons, sent via an outbox."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

ActionKind = Literal[
    "cancel_series", "ack_incident", "incident_chart", "approve_review", "reject_review"
]


@dataclass(frozen=True)
class Action:
    """A button under a notice; the door renders it (e.g. as Telegram callback data)."""

    label: str
    kind: ActionKind
    ref: str  # what the action is about, e.g. a payment id


@dataclass(frozen=True)
class Notice:
    """One message to one chat; ``key`` is unique so a notice is queued at most once."""

    key: str
    chat_id: int
    text: str
    actions: tuple[Action, ...] = ()
    # Queued instead when this one can never arrive (e.g. tells a payer their payee was not told).
    if_undeliverable: "Notice | None" = None


@dataclass(frozen=True)
class Queued:
    """A notice read back from the outbox, with its row id and the lease this sender holds."""

    id: int
    notice: Notice
    leased_until: datetime | None = None


class Undeliverable(Exception):
    """Telegram will never deliver to this chat: the person blocked the bot, or it is gone."""


class Notifier(Protocol):
    """Delivers a notice (the bot implements this with the Telegram bot)."""

    async def notify(self, notice: Notice) -> None:
        """Send ``notice``; raise Undeliverable if it never can be, anything else to retry."""
        ...
