"""Unfinished pay commands waiting for the person's next message or tap.

One open question per person: a newer question supersedes an older one, wherever either was
asked, so an answer can only ever complete the question the person saw last.
"""

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
    asked_at: datetime | None = None  # orders questions: an older one never replaces a newer


class ClarificationStore(Protocol):
    """Where unfinished commands wait, per Telegram user."""

    async def take(self, telegram_id: int, now: datetime) -> Pending | None:
        """Remove and return the user's open question unless it expired."""
        ...

    async def put(self, telegram_id: int, pending: Pending) -> None:
        """Open ``pending`` as the user's question unless a newer one was asked since."""
        ...


def supersedes(new: Pending, old: Pending) -> bool:
    """True when ``new`` may replace ``old``: it was asked no earlier (unknown times: yes)."""
    if new.asked_at is None or old.asked_at is None:
        return True
    return new.asked_at >= old.asked_at


class InMemoryClarifications:
    """Per-process store for unit tests and one-process tools; the service uses the database."""

    def __init__(self) -> None:
        self._pending: dict[int, Pending] = {}
        self._answered: dict[int, Pending] = {}  # the last one taken, so it stays superseded

    async def take(self, telegram_id: int, now: datetime) -> Pending | None:
        """Pop the user's pending command if still fresh."""
        pending = self._pending.pop(telegram_id, None)
        if pending is not None:
            self._answered[telegram_id] = pending
        return pending if pending and pending.expires_at > now else None

    async def put(self, telegram_id: int, pending: Pending) -> None:
        """Remember, replacing an older question; a stale one arriving late is dropped."""
        current = self._pending.get(telegram_id) or self._answered.get(telegram_id)
        if current is None or supersedes(pending, current):
            self._pending[telegram_id] = pending


def pending_for(text: str, intent: Intent, now: datetime) -> Pending:
    """A fresh pending command."""
    return Pending(text=text, intent=intent, expires_at=now + PENDING_TTL, asked_at=now)
