"""The Notifier port on the PTB bot: outbox notices become Telegram messages."""

from telegram import Bot

from bot.telegram.render import trim
from bot.telegram.series import keyboard
from core.notices import Notice


class TelegramNotifier:
    """Sends a notice as one message, with its actions as inline buttons."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def notify(self, notice: Notice) -> None:
        """Send it; raising leaves it queued for the next delivery."""
        await self._bot.send_message(
            notice.chat_id, trim(notice.text), reply_markup=keyboard(notice.actions)
        )
