"""What users are told about runs: receipts, payee notices, failures and misses."""

from datetime import datetime
from zoneinfo import ZoneInfo

from core.entities import Payment, Run, User
from core.money import format_amount
from core.names import quoted
from core.notices import Action, Notice


def local_time(moment: datetime, timezone: str) -> str:
    """A moment in the user's timezone, e.g. 'Fri 06 Mar 2026, 09:00 CET'."""
    local = moment.astimezone(ZoneInfo(timezone))
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or timezone)


def _cancel(payment: Payment, series_continues: bool) -> tuple[Action, ...]:
    if not payment.schedule.is_recurring or not series_continues:
        return ()
    return (Action("Cancel series", "cancel_series", payment.id),)


def _next_line(next_at: datetime | None, payer: User) -> list[str]:
    return [f"Next run: {local_time(next_at, payer.timezone)}"] if next_at else []


def paid_sentence(payment: Payment, payee_name: str) -> str:
    """The first line of every receipt."""
    return f"Paid {format_amount(payment.amount, payment.asset)} to {quoted(payee_name)}."


def not_paid_sentence(payment: Payment, payee_name: str, reason: str) -> str:
    """Why a run did not pay, and that no money moved."""
    amount, why = format_amount(payment.amount, payment.asset), reason.replace("_", " ")
    return f"Failed: {amount} to {quoted(payee_name)} was not paid ({why}). Nothing moved."


def received_sentence(payment: Payment, payer_name: str) -> str:
    """What a payee is told when a run reaches them."""
    # The payer chose the name: quoted, it cannot read as the bot's own words.
    return f"You received {format_amount(payment.amount, payment.asset)} from {quoted(payer_name)}."


def receipt_lines(
    payment: Payment,
    payee_name: str,
    run_id: str,
    timezone: str,
    gateway: str | None,
    at: datetime | None,
) -> list[str]:
    """A receipt's lines: what was paid, through which gateway, when, and its reference."""
    lines = [paid_sentence(payment, payee_name)]
    if gateway:
        lines.append(f"Gateway: {gateway}")
    if at is not None:
        lines.append(f"Time: {local_time(at, timezone)}")
    lines.append(f"Ref: {run_id[:12]}")
    return lines


def receipt(
    run: Run,
    payment: Payment,
    payer: User,
    payee: User,
    gateway: str,
    at: datetime,
    next_at: datetime | None,
) -> Notice:
    """The payer's receipt for one run."""
    lines = [
        *receipt_lines(payment, payee.name, run.id, payer.timezone, gateway, at),
        *_next_line(next_at, payer),
    ]
    return Notice(
        f"receipt:{run.id}", payer.telegram_id, "\n".join(lines), _cancel(payment, bool(next_at))
    )


def payee_notice(run: Run, payment: Payment, payer: User, payee: User) -> Notice:
    """What the payee is told."""
    not_told = Notice(
        f"payee-not-told:{run.id}",
        payer.telegram_id,
        f"{quoted(payee.name)} was paid {format_amount(payment.amount, payment.asset)}, but I could"
        " not tell them: they can't receive my messages (they may have blocked me).",
    )
    return Notice(
        f"payee:{run.id}",
        payee.telegram_id,
        received_sentence(payment, payer.name),
        if_undeliverable=not_told,
    )


def failed(
    run: Run, payment: Payment, payer: User, payee: User, reason: str, next_at: datetime | None
) -> Notice:
    """A run that did not pay; the series (if any) goes on."""
    lines = [not_paid_sentence(payment, payee.name, reason), *_next_line(next_at, payer)]
    return Notice(
        f"failed:{run.id}", payer.telegram_id, "\n".join(lines), _cancel(payment, bool(next_at))
    )


def missed(
    run: Run, payment: Payment, payer: User, payee: User, next_at: datetime | None
) -> Notice:
    """A run found too late to execute."""
    amount = format_amount(payment.amount, payment.asset)
    due = local_time(run.scheduled_at, payer.timezone)
    lines = [
        f"Missed: {amount} to {quoted(payee.name)} due {due} was not paid because I was offline. "
        "Nothing moved.",
        *_next_line(next_at, payer),
    ]
    return Notice(
        f"missed:{run.id}", payer.telegram_id, "\n".join(lines), _cancel(payment, bool(next_at))
    )


def skipped(
    run: Run, payment: Payment, payer: User, payee: User, reason: str, next_at: datetime | None
) -> Notice:
    """A run the pre-run checks held back; the payer may stop the series."""
    amount = format_amount(payment.amount, payment.asset)
    lines = [
        f"Skipped: {amount} to {quoted(payee.name)} was not paid ({reason}). Nothing moved.",
        *_next_line(next_at, payer),
    ]
    return Notice(
        f"skipped:{run.id}", payer.telegram_id, "\n".join(lines), _cancel(payment, bool(next_at))
    )
