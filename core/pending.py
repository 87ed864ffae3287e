"""Unfinished pay commands waiting for the person's next message or tap."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from core.intent import Intent

PENDING_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Pending:
    """An unfinished pay command: the words so far, and a payee already picked by button."""

    text: str
    intent: Intent
    expires_at: datetime
    chosen_payee: str | None = None


class ClarificationStore(Protocol):
    """Where unfinished commands wait, per Telegram user."""

    def take(self, telegram_id: int, now: datetime) -> Pending | None:
        """Remove and return the user's pending command unless it expired."""
        ...

    def put(self, telegram_id: int, pending: Pending) -> None: ...


class InMemoryClarifications:
    """Per-process store; a lost clarification only means the user types the command again."""

    def __init__(self) -> None:
        self._pending: dict[int, Pending] = {}

    def take(self, telegram_id: int, now: datetime) -> Pending | None:
        """Pop the user's pending command if still fresh."""
        pending = self._pending.pop(telegram_id, None)
        return pending if pending and pending.expires_at > now else None

    def put(self, telegram_id: int, pending: Pending) -> None:
        """Remember (replacing any older one)."""
        self._pending[telegram_id] = pending


def pending_for(text: str, intent: Intent, now: datetime) -> Pending:
    """A fresh pending command."""
    return Pending(text=text, intent=intent, expires_at=now + PENDING_TTL)
