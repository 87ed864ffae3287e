"""Page taps: the list's owner moves through it; the message is edited in place."""

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram import ops_handlers, series
from bot.telegram.callbacks import parse_page_tap
from core.errors import DomainError
from core.paging import ListKind

NOT_VALID = "That button is not valid."
NOT_YOURS = "That list belongs to someone else."

Pager = Callable[
    [int, int, ContextTypes.DEFAULT_TYPE], Awaitable[tuple[str, InlineKeyboardMarkup | None]]
]
PAGERS: dict[ListKind, Pager] = {
    "payments": series.payments_page,
    "incidents": ops_handlers.incidents_page,
}


async def page_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """‹ Prev / Next ›: re-read the owner's list and show the asked page; nothing else moves."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_page_tap(query.data)
    if tap is None or not isinstance(query.message, Message):
        await query.answer(NOT_VALID, show_alert=True)
        return
    # Both the tapper and the chat must be the owner: a forwarded or forged tap pages nothing.
    if query.from_user.id != tap.owner or query.message.chat.id != tap.owner:
        await query.answer(NOT_YOURS, show_alert=True)
        return
    try:
        text, markup = await PAGERS[tap.kind](tap.owner, tap.page, context)
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:  # a double tap asks for the page already shown
        if "not modified" not in error.message.lower():
            raise
