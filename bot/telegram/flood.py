"""Per-user rate limiting ahead of every handler: one polite refusal per flood, then quiet."""

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import ChatContext
from core.people import is_telegram_id
from core.ratelimit import FloodBudget, Verdict

Guard = Callable[[object, ChatContext], Coroutine[Any, Any, None]]
SLOW_DOWN = "You're sending messages faster than I can read them. Wait a few seconds and try again."


async def strangers_out(update: object, context: ChatContext) -> None:
    """Drops updates whose user or chat id no Telegram person can have (forged webhook bodies)."""
    if not isinstance(update, Update):
        return
    user, chat = update.effective_user, update.effective_chat
    if user is not None and not is_telegram_id(user.id):
        raise ApplicationHandlerStop
    if chat is not None and chat.type == "private" and not is_telegram_id(chat.id):
        raise ApplicationHandlerStop


def flood_guard(budget: FloodBudget) -> Guard:
    """A handler for group -1 that stops updates from a user over their budget."""

    async def guard(update: object, context: ChatContext) -> None:
        if not isinstance(update, Update) or update.effective_user is None:
            return
        verdict = await budget.spend(update.effective_user.id)
        if verdict is Verdict.PASS:
            return
        if verdict is Verdict.REFUSE:
            if update.callback_query is not None:
                await update.callback_query.answer(SLOW_DOWN)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(SLOW_DOWN)
        elif update.callback_query is not None:
            await update.callback_query.answer()  # every callback query is answered
        raise ApplicationHandlerStop

    return guard
