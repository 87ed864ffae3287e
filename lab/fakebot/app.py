"""The ASGI app: Bot API and control routes, the webhook pusher, and periodic state saves."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Route

from lab.fakebot.botapi import bot_api
from lab.fakebot.control import CONTROL_ROUTES
from lab.fakebot.pusher import WebhookPusher
from lab.fakebot.store import FakeTelegram

SAVE_EVERY_SECONDS = 0.2  # a killed process loses at most this much


def build_app(telegram: FakeTelegram) -> Starlette:
    """The fake Telegram as one app; its background work lives as long as the app."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pusher = WebhookPusher(telegram)
        tasks = [asyncio.create_task(pusher.run()), asyncio.create_task(_keep_saved(telegram))]
        try:
            yield
        finally:
            telegram.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await pusher.aclose()
            telegram.save()

    routes = [Route("/bot{token}/{method}", bot_api, methods=["GET", "POST"]), *CONTROL_ROUTES]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.telegram = telegram
    return app


async def _keep_saved(telegram: FakeTelegram) -> None:
    """Write the state file shortly after every change, so a restart continues."""
    while True:
        await asyncio.sleep(SAVE_EVERY_SECONDS)
        if telegram.dirty:
            telegram.save()


def create_telegram(token: str, state_path: str | None) -> FakeTelegram:
    """The fake bot, continuing from the state file when there is one."""
    return FakeTelegram(token, Path(state_path) if state_path else None)
