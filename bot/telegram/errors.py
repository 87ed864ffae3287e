"""The error handler: log with context, tell the user one sentence, alert operators (throttled)."""

import logging
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.telegram.context import ChatContext
from bot.telegram.render import trim
from core.handled_updates import ClaimLost
from core.ratelimit import Throttle

log = logging.getLogger(__name__)

# Never "nothing moved": an error can come after a run was sent (core then says "processing").
SORRY = "Something went wrong on my side. Please check /payments before trying again."
ALERT_LIMIT = 1000

ErrorHandler = Callable[[object, ChatContext], Coroutine[Any, Any, None]]


def _where(update: object) -> str:
    if not isinstance(update, Update):
        return "outside an update"
    user = update.effective_user
    what = "button" if update.callback_query else "message"
    return f"update {update.update_id} ({what} from user {user.id if user else '?'})"


def error_handler(operators: tuple[int, ...], throttle: Throttle) -> ErrorHandler:
    """Handles any exception a handler raised."""

    async def on_error(update: object, context: ChatContext) -> None:
        error = context.error
        where = _where(update)
        if isinstance(error, NetworkError | Forbidden):
            # Telegram blips and users who blocked the bot are expected, not incidents.
            log.warning("telegram error at %s: %s", where, error)
            return
        if isinstance(error, ClaimLost):
            # Slow past the lease: the process that took the update over answers it.
            log.warning("update at %s was taken over by another process: %s", where, error)
            return
        ref = secrets.token_hex(4)  # ties the operator's alert to the log line with the details
        log.error("unhandled error [ref %s] at %s", ref, where, exc_info=error)
        if isinstance(update, Update):
            if update.callback_query is not None:
                await _quietly(update.callback_query.answer(SORRY, show_alert=True))
            elif update.effective_message is not None:
                await _quietly(update.effective_message.reply_text(SORRY))
        kind = type(error).__name__
        if operators and throttle.allow(kind):
            # The class and a reference only: an error's text can hold SQL or people's data.
            alert = trim(
                f"⚠️ Bot error: {kind} at {where} (ref {ref}; details in the log).", ALERT_LIMIT
            )
            for chat_id in operators:
                await _quietly(context.bot.send_message(chat_id, alert))

    return on_error


async def _quietly(call: Awaitable[object]) -> None:
    """Reporting an error must not raise another one."""
    try:
        await call
    except TelegramError:
        log.warning("could not deliver an error notice", exc_info=True)
