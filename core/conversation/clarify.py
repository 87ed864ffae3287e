"""Clarifications: a pay command with a gap is remembered while the user fills it in."""

import re
from dataclasses import dataclass, replace

from core.intent import Intent, IntentContext
from core.names import quoted
from core.parsing.commands import is_pay_command
from core.pending import Pending


@dataclass(frozen=True)
class Clarification:
    """A question back to the user; ``choices`` are (contact id, label) buttons."""

    question: str
    choices: tuple[tuple[str, str], ...] = ()


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
            (
                cid,
                quoted(names[cid].name) + (f" (@{names[cid].handle})" if names[cid].handle else ""),
            )
            for cid in intent.candidates
            if cid in names
        )
        return Clarification("Which one do you mean?", choices)
    if intent.recipient is None and not intent.recipient_text:
        return Clarification("Who should I pay?")
    if intent.amount is None and intent.recipient is not None:
        payee = names.get(intent.recipient)
        name = quoted(payee.name) if payee else "them"
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
