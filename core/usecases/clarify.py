"""Clarifications: a pay command with a gap is remembered while the user fills it in."""

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from core.intent import Intent, IntentContext
from core.parsing.commands import is_pay_command

PENDING_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Pending:
    """An unfinished pay command: the words so far, and a payee already picked by button."""

    text: str
    intent: Intent
    expires_at: datetime
    chosen_payee: str | None = None


@dataclass(frozen=True)
class Clarification:
    """A question back to the user; ``choices`` are (contact id, label) buttons."""

    question: str
    choices: tuple[tuple[str, str], ...] = ()


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


def continues(intent: Intent, reply: str) -> bool:
    """A bare answer ("7", "bobby", "send 7") continues the question; a new command replaces it."""
    # A new command asks to pay and names its own payee ("pay bob 7"), known to us or not.
    if intent.kind == "unknown":
        return True
    if intent.kind != "pay" or not intent.missing:
        return False
    names_payee = intent.recipient is not None or bool(intent.recipient_text or intent.candidates)
    return not (is_pay_command(reply) and names_payee)


def merged_text(pending: Pending, reply: str) -> str:
    """The original command with the reply attached where the gap was."""
    reply = reply.strip()
    needs_payee = "recipient" in pending.intent.missing and pending.chosen_payee is None
    if (
        needs_payee
        and "amount" not in pending.intent.missing
        and not reply.lower().startswith("to ")
    ):
        return f"{pending.text} to {reply}"
    return f"{pending.text} {reply}"


def apply_choice(intent: Intent, pending: Pending | None) -> Intent:
    """Keep a payee picked by button when the re-parse of the merged text is still ambiguous."""
    if pending is None or pending.chosen_payee is None or intent.recipient is not None:
        return intent
    missing = tuple(slot for slot in intent.missing if slot != "recipient")
    return replace(intent, recipient=pending.chosen_payee, candidates=(), missing=missing)


def question_for(intent: Intent, context: IntentContext) -> Clarification | None:
    """What to ask before a pay intent can become a confirmation card, if anything."""
    names = {c.id: c for c in context.contacts}
    if intent.recipient is None and intent.candidates:
        choices = tuple(
            (cid, names[cid].name + (f" (@{names[cid].handle})" if names[cid].handle else ""))
            for cid in intent.candidates
            if cid in names
        )
        return Clarification("Which one do you mean?", choices)
    if intent.recipient is None and not intent.recipient_text:
        return Clarification("Who should I pay?")
    if intent.amount is None and intent.recipient is not None:
        payee = names.get(intent.recipient)
        name = payee.name if payee else "them"
        if intent.amount_doubts:
            return Clarification(f"{saw(intent.amount_doubts)}how much should I send to {name}?")
        return Clarification(f"How much should I send to {name}?")
    return None


def saw(doubts: tuple[str, ...]) -> str:
    """Why the amount is asked for: "I saw 7 and 9 — " (what made the amount unclear)."""
    listed = ", ".join(doubts[:-1]) + f" and {doubts[-1]}" if len(doubts) > 1 else doubts[0]
    return f"I saw {listed} — "


def without_doubts(text: str, doubts: tuple[str, ...]) -> str:
    """``text`` with the unclear numbers taken out, so the answer is the only amount left."""
    for written in doubts:
        text = re.sub(rf"(?<![\w.,]){re.escape(written)}(?![\w.,])", " ", text, flags=re.I)
    return text


def pending_for(text: str, intent: Intent, now: datetime) -> Pending:
    """A fresh pending command (without numbers that made its amount unclear)."""
    text = without_doubts(text, intent.amount_doubts)
    return Pending(text=text, intent=intent, expires_at=now + PENDING_TTL)
