"""The real PTB Application and FastAPI app, with Telegram's HTTP replaced at the request layer."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.api.app import create_app
from bot.composition.container import Container
from bot.telegram.app import build_application
from bot.telegram.notifier import TelegramNotifier
from core.scheduling.tick import deliver
from core.tokens import use_cases as tokens
from lab.offline_telegram import OfflineChat, OfflineTelegram, SentCall, UpdateFactory
from tests.conftest import API_TOKEN, BOT_TOKEN, WEBHOOK_SECRET
from tests.fakes import FrozenClock


@pytest.fixture
async def chat(container: Container, clock: FrozenClock) -> AsyncIterator[OfflineChat]:
    api = OfflineTelegram(clock)
    application = build_application(
        BOT_TOKEN, container, request=api, polling=False, operators=(OPERATOR_ID,)
    )
    await application.initialize()
    yield OfflineChat(application, api, UpdateFactory(clock))
    await application.shutdown()


@pytest.fixture
async def http(container: Container, chat: OfflineChat) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container, telegram=chat.application)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://arcflux.test") as client:
        yield client


@pytest.fixture
def people(chat: OfflineChat) -> dict[str, dict[str, Any]]:
    make = chat.updates.user
    return {
        "alice": make(7001, "Alice", "alice"),
        "bob": make(7002, "Bob", "bobby"),
        "mallory": make(7003, "Mallory", "mallory"),
        "olga": make(OPERATOR_ID, "Olga", "ops_olga"),
    }


OPERATOR_ID = 7900
WEBHOOK_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
API_HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}


async def token_headers(
    container: Container, telegram_id: int, scope: str = "pay", name: str = "tests"
) -> dict[str, str]:
    """The Authorization header of a new personal token of ``telegram_id``'s."""
    deps = container.deps
    made = await tokens.make_personal(
        container.tokens, deps.clock, deps.ids, telegram_id, name, scope
    )
    return {"Authorization": f"Bearer {made.raw}"}


async def deliver_outbox(chat: OfflineChat, container: Container) -> list[SentCall]:
    """Send what the outbox holds through the real notifier; the Bot API calls it made."""
    before = len(chat.api.calls)
    await deliver(container.deps, TelegramNotifier(chat.application.bot))
    return chat.api.calls[before:]
