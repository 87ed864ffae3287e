"""Polling mode and a configurable Bot API base URL."""

import asyncio

from bot.composition.container import Container
from bot.telegram.app import build_application
from lab.offline_telegram import OfflineTelegram, UpdateFactory
from tests.conftest import BOT_TOKEN
from tests.fakes import FrozenClock


async def test_polling_mode_fetches_updates_and_answers_them(
    container: Container, clock: FrozenClock
) -> None:
    api = OfflineTelegram(clock)
    base = "http://127.0.0.1:8081/bot"
    application = build_application(BOT_TOKEN, container, base_url=base, request=api, polling=True)
    assert application.updater is not None
    api.inbox.append(UpdateFactory(clock).message(UpdateFactory.user(42, "Polly"), "/start"))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.01)
        for _ in range(200):
            if api.sent():
                break
            await asyncio.sleep(0.01)
        await application.updater.stop()
        await application.stop()
    assert "Welcome, Polly" in api.sent()[0].params["text"]
    assert all(call.url.startswith(f"{base}{BOT_TOKEN}/") for call in api.calls)


def test_webhook_mode_has_no_updater(container: Container, clock: FrozenClock) -> None:
    application = build_application(
        BOT_TOKEN, container, request=OfflineTelegram(clock), polling=False
    )
    assert application.updater is None
