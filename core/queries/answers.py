"""Template answers to money questions: plain sentences, numbers straight from the facts."""

from datetime import datetime
from zoneinfo import ZoneInfo

from core.facts import Facts, Topic
from core.money import format_amount

SHOWN = 5


def _when(facts: Facts, moment: datetime) -> str:
    local = moment.astimezone(ZoneInfo(facts.user.timezone))
    return local.strftime("%a %d %b %H:%M")


def balance(facts: Facts) -> str:
    """'You have …'."""
    return f"You have {format_amount(facts.balance, facts.asset)}."


def upcoming(facts: Facts) -> str:
    """The next scheduled payments."""
    if not facts.upcoming:
        return "You have no upcoming payments."
    count = f"more than {len(facts.upcoming)}" if facts.upcoming_more else len(facts.upcoming)
    lines = [f"You have {count} upcoming payment(s):"]
    for item in facts.upcoming[:SHOWN]:
        pay = item.payment
        lines.append(
            f"• {format_amount(pay.amount, pay.asset)} to {item.payee}, next "
            f"{_when(facts, item.next_runs[0])}"
        )
    if len(facts.upcoming) > SHOWN:
        lines.append(
            f"… and {len(facts.upcoming) - SHOWN} more: /payments lists them page by page."
        )
    return "\n".join(lines)


def history(facts: Facts) -> str:
    """Recent finished payments, optionally to one payee."""
    to = f" to {facts.history_payee}" if facts.history_payee else ""
    if not facts.history:
        return f"You haven't paid anyone{to} yet." if to else "You have no past payments yet."
    lines = [f"Your last {min(len(facts.history), SHOWN)} payment(s){to}:"]
    for past in facts.history[:SHOWN]:
        outcome = "paid" if past.succeeded else f"failed ({(past.reason or '').replace('_', ' ')})"
        lines.append(
            f"• {format_amount(past.amount, past.asset)} to {past.payee}, {outcome}, "
            f"{_when(facts, past.at)}"
        )
    return "\n".join(lines)


def flagged(facts: Facts) -> str:
    """Why the latest flagged payment was flagged."""
    if facts.flagged is None:
        return "None of your recent payments was flagged."
    f = facts.flagged
    a = f.assessment
    return (
        f"Your payment of {format_amount(f.amount, f.asset)} to {f.payee} scored "
        f"{a.score}/100 ({a.level.value.replace('_', '-')}) because " + "; ".join(a.reasons) + "."
    )


TEMPLATES = {"balance": balance, "upcoming": upcoming, "history": history, "flagged": flagged}


def template_answer(topic: Topic, facts: Facts) -> str:
    """The deterministic answer for ``topic``."""
    return TEMPLATES[topic](facts)
