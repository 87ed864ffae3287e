"""Long lists in chat: ‹ Prev / Next › buttons and their taps (page arithmetic is core.paging)."""

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.telegram.callbacks import PageTap, parse_page_tap
from bot.telegram.context import ChatContext
from core.errors import DomainError
from core.paging import ListKind, Page

PREV, NEXT = "‹ Prev", "Next ›"
NOT_VALID = "That button is not valid."
NOT_YOURS = "That list belongs to someone else."

Paged = tuple[str, InlineKeyboardMarkup | None]
Pager = Callable[[int, int, ChatContext], Awaitable[Paged]]
PageTapHandler = Callable[[Update, ChatContext], Coroutine[Any, Any, None]]


def nav_row(kind: ListKind, owner: int, page: Page) -> list[InlineKeyboardButton]:
    """The row of page buttons; empty when the list fits one page."""
    row = []
    if page.has_prev:
        row.append(
            InlineKeyboardButton(PREV, callback_data=PageTap(kind, owner, page.number - 1).encode())
        )
    if page.has_next:
        row.append(
            InlineKeyboardButton(NEXT, callback_data=PageTap(kind, owner, page.number + 1).encode())
        )
    return row


def page_tapper(pagers: Mapping[ListKind, Pager]) -> PageTapHandler:
    """The handler for page taps, re-reading each list through its pager."""

    async def page_tap(update: Update, context: ChatContext) -> None:
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
            text, markup = await pagers[tap.kind](tap.owner, tap.page, context)
        except DomainError as error:
            await query.answer(error.message, show_alert=True)
            return
        await query.answer()
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as error:  # a double tap asks for the page already shown
            if "not modified" not in error.message.lower():
                raise

    return page_tap
