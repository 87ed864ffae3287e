"""The Notifier port on the PTB bot: outbox notices become Telegram messages."""

from telegram import Bot
from telegram.error import BadRequest, Forbidden

from bot.telegram.render import trim
from bot.telegram.series import keyboard
from core.notices import Notice, Undeliverable

# Telegram's words for a chat that will never take a message (BadRequest, not Forbidden).
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "bot was kicked")


class TelegramNotifier:
    """Sends a notice as one message, with its actions as inline buttons."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def notify(self, notice: Notice) -> None:
        """Send it; Undeliverable when Telegram says never, anything else is retried later."""
        try:
            await self._bot.send_message(
                notice.chat_id, trim(notice.text), reply_markup=keyboard(notice.actions)
            )
        except Forbidden as error:  # blocked by the user, or the bot was removed from a chat
            raise Undeliverable(error.message) from error
        except BadRequest as error:
            if any(words in error.message.lower() for words in _GONE):
                raise Undeliverable(error.message) from error
            raise
