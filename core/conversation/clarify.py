"""Clarifications: a pay command with a gap is remembered while the user fills it in."""

from dataclasses import dataclass, replace

from core.intent import Intent, IntentContext
from core.pending import Pending


@dataclass(frozen=True)
class Clarification:
    """A question back to the user; ``choices`` are (contact id, label) buttons."""

    question: str
    choices: tuple[tuple[str, str], ...] = ()


def continues(intent: Intent) -> bool:
    """A reply continues the clarification unless it is a complete command of its own."""
    return intent.kind == "unknown" or (intent.kind == "pay" and bool(intent.missing))


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
        return Clarification(f"How much should I send to {payee.name if payee else 'them'}?")
    return None
