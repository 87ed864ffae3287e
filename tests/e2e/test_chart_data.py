"""Charts of little data, through the real bot and the real gateway fleet (no scripted rail)."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.composition.container import Container, build_container
from bot.settings import Settings
from lab.offline_telegram import OfflineChat, buttons
from tests.fakes import FrozenClock, SequentialIds


@pytest.fixture
async def container(settings: Settings, clock: FrozenClock) -> AsyncIterator[Container]:
    built = await build_container(settings, clock=clock, ids=SequentialIds())
    yield built
    await built.aclose()


async def test_a_success_chart_right_after_a_payment_shows_the_minute_under_way(
    chat: OfflineChat, people: dict[str, dict[str, Any]]
) -> None:
    await chat.say(people["alice"], "/start")
    await chat.say(people["bob"], "/start")
    card = (await chat.say(people["alice"], "pay bob 10 usdc"))[-1]
    await chat.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    calls = await chat.say(people["alice"], "/chart success 1h")
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    caption = str(photo.params["caption"])
    assert caption.startswith("Success rate, last 1h: ") and caption.endswith("%")
    assert "no gateway data yet" not in caption
