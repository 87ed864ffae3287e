"""‹ Prev / Next › buttons under long lists; the page arithmetic itself lives in core.paging."""

from telegram import InlineKeyboardButton

from bot.telegram.callbacks import PageTap
from core.paging import ListKind, Page

PREV, NEXT = "‹ Prev", "Next ›"


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
