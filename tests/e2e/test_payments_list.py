"""/payments lists upcoming runs with Cancel buttons; only the payer's tap cancels."""

from datetime import timedelta
from typing import Any

from bot.composition.container import Container
from bot.telegram.notifier import TelegramNotifier
from core.scheduling.tick import deliver, tick
from lab.offline_telegram import OfflineChat, buttons
from tests.fakes import FrozenClock
from tests.scheduling import standing, weekly

People = dict[str, dict[str, Any]]


async def test_payments_lists_a_series_and_its_cancel_button_stops_it(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    for name in ("alice", "bob", "mallory"):
        await chat.say(people[name], "/start")
    async with container.deps.uow() as uow:
        bob = await uow.users.by_telegram_id(people["bob"]["id"])
    assert bob is not None
    first = clock.now() + timedelta(hours=1)
    await standing(container, bob.id, "10", weekly(first), payer_tg=people["alice"]["id"])
    listed = (await chat.say(people["alice"], "/payments"))[0]
    assert "Upcoming payments:" in listed.params["text"] and "(repeats)" in listed.params["text"]
    (data,) = buttons(listed).values()
    refused = await chat.tap(people["mallory"], data, 1, people["mallory"]["id"])
    assert "belongs to someone else" in refused[0].params["text"]
    done = await chat.tap(people["alice"], data, 1, people["alice"]["id"])
    assert [c.params.get("text") for c in done if c.method == "sendMessage"] == [
        "Cancelled: 10.00 USDC to “Bob”. No further runs."
    ]
    assert (await chat.say(people["alice"], "/payments"))[0].params["text"] == (
        "You have no upcoming payments."
    )
    clock.current = first
    assert (await tick(container.deps)).executions == []
    assert await deliver(container.deps, TelegramNotifier(chat.application.bot)) == 0
