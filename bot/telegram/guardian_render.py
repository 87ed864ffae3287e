"""Texts and keyboards for the guardian's flows: bands, review, step-up, limits, skips."""

from telegram import InlineKeyboardMarkup

from bot.telegram import render
from core.entities import RiskLevel
from core.guardian.limits import LimitsView
from core.limits import LIMIT_KINDS, LIMIT_LABELS
from core.money import format_amount
from core.names import quoted
from core.payments.operator_notices import reasons_text
from core.payments.proposals import Answered, Proposal
from core.payments.review import Reviewed
from core.states import PaymentStatus

LIMITS_HELP = "Lower one with /limits payment|daily|recipient <amount>, e.g. /limits daily 200."


def _why(p: Proposal) -> str:
    return reasons_text(p.assessment)


def mandate_lines(p: Proposal) -> list[str]:
    """The standing-mandate limits shown on a card (they are part of the hash)."""
    pay, lines = p.payment, []  # the next runs are already on the card (render.proposal_card)
    if pay.max_runs is not None:
        lines.append(f"At most {pay.max_runs} runs")
    if pay.total_budget is not None:
        lines.append(f"Total budget: {format_amount(pay.total_budget, pay.asset)}")
    return lines


def proposal_message(p: Proposal) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the payer sees for each band: a card, a step-up card, or 'under review'."""
    if p.payment.status is PaymentStatus.AWAITING_REVIEW:
        text = (
            f"Pay {format_amount(p.payment.amount, p.payment.asset)} to {quoted(p.payee.name)}: "
            f"this needs an operator's review first ({_why(p)}). "
            "Nothing has moved; I'll tell you the outcome."
        )
        return text, None
    card, keyboard = render.proposal_card(p)
    lines = card.splitlines()
    extra = mandate_lines(p)
    if p.assessment.level is RiskLevel.STEP_UP:
        extra.append("Extra check: after Confirm, type the amount to finish.")
    elif p.assessment.level is RiskLevel.BLOCK:
        extra.append("An operator reviewed and approved this payment.")
    return render.trim("\n".join(lines[:-1] + extra + lines[-1:])), keyboard


def reviewed_for_operator(r: Reviewed, operator: str) -> str:
    """The operator message after a decision."""
    verb = "Approved" if r.approved else "Rejected"
    amount = format_amount(r.payment.amount, r.payment.asset)
    return f"{verb} by {operator}: {amount} from {quoted(r.payer.name)} to {quoted(r.payee.name)}."


def rejected_for_payer(r: Reviewed) -> str:
    """What the payer is told when an operator rejects."""
    amount = format_amount(r.payment.amount, r.payment.asset)
    payee = quoted(r.payee.name)
    return f"An operator declined your payment of {amount} to {payee}. Nothing was paid."


def second_step_prompt(result: Answered) -> str:
    """The card's text after the first Confirm of a step-up payment."""
    pay = result.payment
    amount = format_amount(pay.amount, pay.asset)
    return (
        f"One more step to pay {amount} to {quoted(result.payee.name)}: "
        f"type the amount ({format(pay.amount.normalize(), 'f')}) to confirm."
    )


def limits(view: LimitsView) -> str:
    """The /limits reply."""
    lines = []
    if view.changed:
        lines.append(f"{LIMIT_LABELS[view.changed]} limit changed for {quoted(view.user.name)}.")
    lines.append("Your limits:" if not view.changed else "Limits now:")
    for kind in LIMIT_KINDS:
        value = view.limits.get(kind)
        shown = format_amount(value, view.asset) if value is not None else "none"
        lines.append(f"• {LIMIT_LABELS[kind]}: {shown}")
    lines.append(f"Sent in the last 24 hours: {format_amount(view.spent_day, view.asset)}")
    lines.append(LIMITS_HELP + " Raising a limit needs an operator.")
    return "\n".join(lines)
