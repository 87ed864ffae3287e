"""/payments with cancel buttons, and the Cancel-series button on receipts."""

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.telegram.callbacks import MAX_CALLBACK_BYTES
from bot.telegram.context import ChatContext
from bot.telegram.guardian_callbacks import ReviewAnswer
from bot.telegram.ops_callbacks import incident_button
from bot.telegram.paging import nav_row
from core.errors import DomainError
from core.money import format_amount
from core.names import quoted
from core.notices import Action
from core.paging import clip, fit, page_of
from core.scheduling import series
from core.scheduling.run_notices import local_time

Paged = tuple[str, InlineKeyboardMarkup | None]
_CANCEL = re.compile(r"^ser:cancel:([0-9a-f]{32})$")
NO_PAYMENTS = "You have no upcoming payments."
MAX_LINE = 200  # a payee's name is the user's text; one line must not eat the page


@dataclass(frozen=True)
class CancelSeries:
    """A tap on a Cancel button for one payment."""

    payment_id: str

    def encode(self) -> str:
        """The callback_data string."""
        data = f"ser:cancel:{self.payment_id}"
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        return data


def parse_cancel(data: str | None) -> CancelSeries | None:
    """The tap's meaning, or None for anything malformed or forged."""
    match = _CANCEL.fullmatch(data or "")
    return CancelSeries(match.group(1)) if match else None


def keyboard(actions: tuple[Action, ...]) -> InlineKeyboardMarkup | None:
    """Buttons for a notice's actions."""
    rows = [[InlineKeyboardButton(a.label, callback_data=_callback(a))] for a in actions]
    return InlineKeyboardMarkup(rows) if rows else None


def _callback(action: Action) -> str:
    if action.kind == "cancel_series":
        return CancelSeries(action.ref).encode()
    if action.kind in ("approve_review", "reject_review"):
        payment_id, details_hash = action.ref.split(":", 1)
        if action.kind == "approve_review":
            return ReviewAnswer("ok", payment_id, details_hash).encode()
        return ReviewAnswer("no", payment_id, details_hash).encode()
    return incident_button("ack" if action.kind == "ack_incident" else "chart", action.ref)


def upcoming_page(
    view: series.UpcomingList, number: int = 0
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of /payments: a line per upcoming run, a Cancel button per payment, page buttons."""
    if not view.items:
        return NO_PAYMENTS, None
    page = page_of(len(view.items), number)
    label = page.label()
    lines = []
    buttons: dict[str, str] = {}
    for n in range(page.start, page.stop):
        item = view.items[n]
        pay = item.payment
        repeat = " (repeats)" if pay.schedule.is_recurring else ""
        amount = format_amount(pay.amount, pay.asset)
        when = local_time(item.run.scheduled_at, view.payer.timezone)
        lines.append(
            clip(f"{n + 1}. {amount} to {quoted(item.payee.name)}, {when}{repeat}", MAX_LINE)
        )
        buttons.setdefault(pay.id, f"Cancel {n + 1}: {amount} to {quoted(item.payee.name)}")
    rows = [
        [InlineKeyboardButton(clip(text, 60), callback_data=CancelSeries(pid).encode())]
        for pid, text in buttons.items()
    ]
    nav = nav_row("payments", view.payer.telegram_id, page)
    header = f"Upcoming payments ({len(view.items)}, {label}):" if label else "Upcoming payments:"
    return fit(header, lines), InlineKeyboardMarkup([*rows, nav] if nav else rows)


async def payments_command(update: Update, context: ChatContext) -> None:
    """/payments: upcoming runs with cancel buttons."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    try:
        view = await series.upcoming(context.services.deps, user.id)
    except DomainError as error:
        await message.reply_text(error.message)
        return
    text, markup = upcoming_page(view)
    await message.reply_text(text, reply_markup=markup)


async def payments_page(owner: int, number: int, context: ChatContext) -> Paged:
    """Page ``number`` of ``owner``'s /payments list, freshly read."""
    return upcoming_page(await series.upcoming(context.services.deps, owner), number)


async def cancel_tap(update: Update, context: ChatContext) -> None:
    """A Cancel tap: only the payer may stop their own payment."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_cancel(query.data)
    if tap is None:
        await query.answer("That button is not valid.", show_alert=True)
        return
    try:
        done = await series.cancel_series(context.services.deps, tap.payment_id, query.from_user.id)
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    await query.answer("Cancelled.")
    amount = format_amount(done.payment.amount, done.payment.asset)
    await context.bot.send_message(
        query.from_user.id, f"Cancelled: {amount} to {quoted(done.payee.name)}. No further runs."
    )
