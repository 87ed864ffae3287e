"""An update whose process died mid-way is late, never lost, and still acts once."""

import httpx
import pytest

from bot.api import once
from bot.composition.container import Container
from core.handled_updates import CLAIM_LEASE, UpdateClaim
from lab.offline_telegram import OfflineChat
from tests.e2e.conftest import WEBHOOK_HEADERS
from tests.fakes import FrozenClock


async def test_a_claim_left_by_a_dead_process_is_taken_over_once_its_lease_ran_out(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people,  # type: ignore[no-untyped-def]
    container: Container,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(once, "BUSY_WAIT_S", 0.05)
    await chat.say(people["bob"], "/start")
    await chat.say(people["alice"], "/start")
    before = len(chat.api.sent())
    update = chat.updates.message(people["alice"], "pay bob 5")
    dead = UpdateClaim(update["update_id"], "d" * 16, clock.now())
    await container.updates.claim(dead, CLAIM_LEASE)  # claimed, then the process was killed

    async def deliver() -> int:
        posted = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        return posted.status_code

    assert await deliver() == 503  # the holder may still be at it: Telegram delivers again
    assert chat.api.sent()[before:] == []
    clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)
    assert await deliver() == 200
    assert await deliver() == 200  # and now it is a duplicate
    cards = chat.api.sent()[before:]
    assert len(cards) == 1 and "Pay 5.00 USDC to “Bob”?" in cards[0].params["text"]
