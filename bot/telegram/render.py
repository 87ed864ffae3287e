"""Outcomes → chat text and keyboards. One summary line first; amounts at asset precision."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.callbacks import PayAnswer, SuggestionTap, encode_payee_choice
from core.accounts.onboarding import Welcome
from core.conversation.clarify import Clarification
from core.entities import RiskLevel
from core.intent import IntentKind
from core.money import format_amount
from core.names import quoted
from core.paging import MAX_TEXT, clip
from core.payments.proposals import Answered, Proposal
from core.queries.balance import BalanceView
from core.scheduling.run_notices import (
    local_time,
    not_paid_sentence,
    receipt_lines,
    received_sentence,
)
from core.scheduling.types import Execution

MAX_MESSAGE = MAX_TEXT

MAX_CHOICES = 8  # payee buttons under one question

_LEVEL = {
    RiskLevel.ALLOW: "low",
    RiskLevel.STEP_UP: "elevated",
    RiskLevel.BLOCK: "blocked",
}


def trim(text: str, limit: int = MAX_MESSAGE) -> str:
    """Keep a message within Telegram's limit."""
    return clip(text, limit)


def welcome(result: Welcome) -> str:
    """The /start reply."""
    first = result.user.name.split()[0] if result.user.name else "there"
    lines = [f"Welcome, {first}! Your {result.asset} wallet is open."]
    if result.credited:
        lines.append(
            f"Sandbox mode: I credited {format_amount(result.credited, result.asset)} to try it."
        )
    lines.append("Try: pay <name> 10 usdc. /help lists everything.")
    return "\n".join(lines)


def balance(view: BalanceView) -> str:
    """The /balance reply."""
    text = f"Balance: {format_amount(view.balance, view.asset)}"
    if view.available != view.balance:
        text += f"\nAvailable now: {format_amount(view.available, view.asset)}"
    return text


def proposal_card(p: Proposal) -> tuple[str, InlineKeyboardMarkup]:
    """The confirmation card and its Confirm/Deny buttons."""
    pay = p.payment
    amount = format_amount(pay.amount, pay.asset)
    handle = f" (@{p.payee.username})" if p.payee.username else ""
    immediate = not pay.schedule.is_recurring and pay.schedule.first_run <= pay.created_at
    when_lines = ["When: now"] if immediate else _run_lines(p)
    minutes = int((pay.confirm_expires_at - pay.created_at).total_seconds() // 60)
    lines = [
        f"Pay {amount} to {quoted(p.payee.name)}?",
        f"To: {quoted(p.payee.name)}{handle}",
        f"Amount: {amount}",
        *when_lines,
        f"Risk: {_LEVEL[p.assessment.level]} ({p.assessment.score}/100)",
    ]
    if p.assessment.reasons:
        lines.append("Why: " + "; ".join(p.assessment.reasons))
    if p.twin is not None:
        ago = max(1, int((pay.created_at - p.twin.created_at).total_seconds() // 60))
        lines.append(
            f"Again? You already sent {amount} to {quoted(p.payee.name)} {ago} min ago."
            " Confirm only if this is a second payment."
        )
    lines.append(f"Tap Confirm within {minutes} minutes.")
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Confirm", callback_data=PayAnswer("ok", pay.id, pay.details_hash).encode()
                ),
                InlineKeyboardButton(
                    "Deny", callback_data=PayAnswer("no", pay.id, pay.details_hash).encode()
                ),
            ]
        ]
    )
    return trim("\n".join(lines)), keyboard


SUGGESTION_LABELS: dict[IntentKind, str] = {
    "balance": "Balance",
    "upcoming": "Upcoming",
    "history": "History",
    "pay": "Pay someone",
    "help": "Help",
}


def suggestions(kinds: tuple[IntentKind, ...], owner: int) -> InlineKeyboardMarkup | None:
    """One button per likely intent, tied to the person they were offered to."""
    buttons = [
        InlineKeyboardButton(
            SUGGESTION_LABELS[kind], callback_data=SuggestionTap(kind, owner).encode()
        )
        for kind in kinds
        if kind in SUGGESTION_LABELS
    ]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]]) if buttons else None


def clarification(question: Clarification) -> tuple[str, InlineKeyboardMarkup | None]:
    """A question back to the user, with one button per candidate payee."""
    if not question.choices:
        return question.question, None
    rows = [
        [InlineKeyboardButton(clip(label, 64), callback_data=encode_payee_choice(cid))]
        for cid, label in question.choices[:MAX_CHOICES]
    ]
    text = question.question
    if len(question.choices) > MAX_CHOICES:  # a keyboard of dozens of names helps nobody
        hidden = len(question.choices) - MAX_CHOICES
        text += f"\n({hidden} more match; type more of the name or their @username to narrow it.)"
    return trim(text), InlineKeyboardMarkup(rows)


def _run_lines(p: Proposal) -> list[str]:
    """Every scheduled card shows the next (up to) three runs in the payer's timezone."""
    schedule = p.payment.schedule
    if not schedule.is_recurring:
        return [f"When: {local_time(p.next_runs[0], p.payer.timezone)}"]
    limit = f", {schedule.count} runs in all" if schedule.count else ""
    lines = [f"Repeats: {describe_rule(schedule.rrule or '')}{limit}", "Next runs:"]
    lines += [f"  • {local_time(run, p.payer.timezone)}" for run in p.next_runs[:3]]
    return lines


def describe_rule(rrule: str) -> str:
    """A short human reading of an RRULE body."""
    parts = dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)
    unit = {
        "SECONDLY": "second",
        "MINUTELY": "minute",
        "HOURLY": "hour",
        "DAILY": "day",
        "WEEKLY": "week",
        "MONTHLY": "month",
        "YEARLY": "year",
    }.get(parts.get("FREQ", ""), "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    text = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if "BYDAY" in parts:
        text += f" on {parts['BYDAY'].replace(',', ', ')}"
    return text


def answered(result: Answered) -> str:
    """The card's new text after Confirm or Deny."""
    pay = result.payment
    amount = format_amount(pay.amount, pay.asset)
    if not result.confirmed:
        return f"Denied: {amount} to {quoted(result.payee.name)}. Nothing was paid."
    if result.processing:
        return (
            f"Processing: {amount} to {quoted(result.payee.name)}."
            " You'll get a receipt here shortly;"
            " don't send it again."
        )
    if result.execution is None:
        return f"Scheduled: {amount} to {quoted(result.payee.name)}."
    return receipt(result.execution, result.payee.name, result.payer.timezone)


def receipt(execution: Execution, payee_name: str, timezone: str) -> str:
    """A receipt, or the plain reason a run failed."""
    pay = execution.payment
    if not execution.succeeded:
        return not_paid_sentence(pay, payee_name, execution.reason or "unknown error")
    run, gateway = execution.run, execution.result.gateway if execution.result else None
    return "\n".join(receipt_lines(pay, payee_name, run.id, timezone, gateway, run.executed_at))


def payee_notice(result: Answered) -> str:
    """What the payee is told."""
    return received_sentence(result.payment, result.payer.name)
