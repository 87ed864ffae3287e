"""Telegram in the background: connect with capped, jittered backoff; never hold the service up.

The REST API, the scheduler and the sandbox serve whatever Telegram does. This task
initialises the bot, registers the webhook (or starts polling) and publishes the command menu;
a failure is logged in one line and tried again later. The menu is best-effort: a Bot API
without setMyCommands (an emulator) still runs the bot.
"""

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import EndPointNotFound, InvalidToken, TelegramError

from bot.settings import Settings
from bot.telegram import commands
from bot.telegram.context import ChatApplication

log = logging.getLogger(__name__)

FIRST_WAIT_S = 1.0
MAX_WAIT_S = 60.0
PROBE_TIMEOUT_S = 2.0
PROBE_FRESH_S = 10.0  # readiness asks at most this often; Telegram limits getMe too
POLL_WARNING_EVERY_S = 60.0  # an outage while polling is said once a minute, not per retry


class PollingRefused(Exception):
    """Polling would take a webhook fleet's updates away, so this process does not start."""


def backoff(attempt: int, first: float = FIRST_WAIT_S, cap: float = MAX_WAIT_S) -> float:
    """Seconds to wait before retry ``attempt`` (1, 2, ...): full jitter under a capped doubling."""
    ceiling = min(cap, first * 2 ** (attempt - 1))
    return ceiling * (0.5 + secrets.randbelow(1000) / 2000)  # 50-100 % of the ceiling


@dataclass
class TelegramLink:
    """The bot's connection to Telegram, and what readiness may say about it."""

    application: ChatApplication
    settings: Settings
    poll_timeout: int = 10
    connected: bool = False
    menu_published: bool = False
    problem: str | None = "not connected yet"
    _probed: tuple[float, str] | None = field(default=None, repr=False)
    _last_poll_warning: float = field(default=float("-inf"), repr=False)

    async def run(self) -> None:
        """Connect, then publish the menu, each retried with backoff until it works."""
        await self._retry(self._connect, "connect to Telegram")
        try:
            await self._retry(self._publish_menu, "publish the command menu")
        except (EndPointNotFound, InvalidToken):
            # The token works (we are connected): this Bot API has no setMyCommands at all.
            log.warning("this Bot API has no setMyCommands: the bot runs without a command menu")

    async def status(self) -> str:
        """ "ok", or what is wrong ("unreachable: NetworkError"), probed at most every 10 s."""
        if not self.connected:
            return f"unreachable: {self.problem}"
        now = time.monotonic()
        if self._probed is None or now - self._probed[0] > PROBE_FRESH_S:
            self._probed = (now, await self._probe())
        return self._probed[1]

    async def stop(self) -> None:
        """Stop polling and the application, if they were started."""
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if self.connected:
            await app.shutdown()

    async def _retry(self, step: Callable[[], Awaitable[None]], what: str) -> None:
        attempt = 0
        while True:
            try:
                await step()
                return
            except (EndPointNotFound, InvalidToken):
                if self.connected:
                    raise  # a method this Bot API lacks: retrying will not help
                attempt += 1
                self.problem = "InvalidToken"
                await asyncio.sleep(backoff(attempt))
            except (TelegramError, OSError, TimeoutError) as error:
                attempt += 1
                wait = backoff(attempt)
                self.problem = type(error).__name__
                log.warning("could not %s (%s); retrying in %.0f s", what, self.problem, wait)
                await asyncio.sleep(wait)

    async def _connect(self) -> None:
        app, settings = self.application, self.settings
        await app.initialize()  # getMe: the first call that needs Telegram
        if settings.webhook_mode:
            assert settings.telegram_webhook_url and settings.telegram_webhook_secret
            await app.bot.set_webhook(
                settings.telegram_webhook_url,
                secret_token=settings.telegram_webhook_secret.get_secret_value(),
            )
        else:
            assert app.updater is not None
            await refuse_polling_over_a_webhook(app.bot)
            await app.bot.delete_webhook()  # a leftover without a URL: pending updates stay
            await app.updater.start_polling(
                timeout=self.poll_timeout, error_callback=self._polling_failed
            )
        if not app.running:
            await app.start()
        self.connected, self.problem = True, None
        log.info("Telegram connected (%s mode)", "webhook" if settings.webhook_mode else "polling")

    def _polling_failed(self, error: TelegramError) -> None:
        """One line per failed poll (the updater retries it), not a traceback each time."""
        now = time.monotonic()
        if now - self._last_poll_warning >= POLL_WARNING_EVERY_S:
            self._last_poll_warning = now
            log.warning(
                "polling Telegram failed (%s); the updater keeps retrying", type(error).__name__
            )

    async def _publish_menu(self) -> None:
        await commands.publish(self.application.bot, self.application.bot_data.operators)
        self.menu_published = True

    async def _probe(self) -> str:
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_S):
                await self.application.bot.get_me()
        except (TelegramError, OSError, TimeoutError) as error:
            return f"unreachable: {type(error).__name__}"
        return "ok"


async def refuse_polling_over_a_webhook(bot: Bot) -> None:
    """Raise PollingRefused when a webhook is registered for the bot.

    Polling needs deleteWebhook, which would silently move every update of a webhook fleet
    (several processes behind one URL) to this one poller; refusing is the safe side.
    """
    try:
        info = await bot.get_webhook_info()
    except EndPointNotFound:
        return  # a Bot API without webhooks (the sandbox) has no fleet to take from
    if info.url:
        raise PollingRefused(
            f"a webhook is registered for this bot (at {urlsplit(info.url).netloc}): polling "
            "would delete it and take the webhook fleet's updates away. Set TELEGRAM_WEBHOOK_URL "
            "to join the fleet, or stop the fleet and delete its webhook before polling."
        )
