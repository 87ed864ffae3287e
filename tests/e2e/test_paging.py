"""Long lists page with ‹ Prev / Next ›, edited in place; only the list's owner can page it."""

import json
from datetime import timedelta
from typing import Any

from bot.composition.container import Container
from core.paging import MAX_TEXT
from core.routing.incidents import Incident, IncidentStatus
from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.fakes import FrozenClock
from tests.scheduling import standing, weekly

People = dict[str, dict[str, Any]]
RUNS = 30


async def _thirty_weekly_payments(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    for name in ("alice", "bob", "mallory"):
        await chat.say(people[name], "/start")
    async with container.deps.uow() as uow:
        bob = await uow.users.by_telegram_id(people["bob"]["id"])
    assert bob is not None
    for n in range(RUNS):
        first = clock.now() + timedelta(hours=1, minutes=n)
        await standing(container, bob.id, "1", weekly(first), payer_tg=people["alice"]["id"])


def _numbers(call: SentCall) -> list[int]:
    """The item numbers a /payments page shows."""
    lines = str(call.params["text"]).splitlines()[1:]
    return [int(line.split(".")[0]) for line in lines]


def _sent_within_limits(chat: OfflineChat) -> None:
    for call in chat.api.calls:
        if "text" in call.params:
            assert len(str(call.params["text"])) <= MAX_TEXT
        markup = call.params.get("reply_markup")
        for row in (json.loads(markup) if isinstance(markup, str) else markup or {}).get(
            "inline_keyboard", []
        ):
            for button in row:
                assert len(button.get("callback_data", "").encode()) <= 64


async def test_thirty_upcoming_runs_page_forward_and_back_in_place(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    await _thirty_weekly_payments(chat, people, container, clock)
    alice = people["alice"]
    first = (await chat.say(alice, "/payments"))[0]
    assert first.params["text"].startswith("Upcoming payments (30, page 1 of 6):")
    assert _numbers(first) == [1, 2, 3, 4, 5]
    labels = list(buttons(first))
    assert labels[-1] == "Next ›" and "‹ Prev" not in labels
    assert [label.split(":")[0] for label in labels[:-1]] == [f"Cancel {n}" for n in range(1, 6)]

    seen = [first]
    for _ in range(5):
        calls = await chat.tap(alice, buttons(seen[-1])["Next ›"], 1, alice["id"])
        [edit] = [c for c in calls if c.method == "editMessageText"]
        assert not [c for c in calls if c.method == "sendMessage"]  # edited, not re-sent
        seen.append(edit)
    assert [_numbers(page) for page in seen] == [
        list(range(n, n + 5)) for n in range(1, RUNS + 1, 5)
    ]
    last = seen[-1]
    assert "page 6 of 6" in last.params["text"] and "Next ›" not in buttons(last)
    back = await chat.tap(alice, buttons(last)["‹ Prev"], 1, alice["id"])
    [edit] = [c for c in back if c.method == "editMessageText"]
    assert _numbers(edit) == [21, 22, 23, 24, 25]
    _sent_within_limits(chat)


async def test_a_cancel_button_on_a_later_page_stops_that_payment(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    await _thirty_weekly_payments(chat, people, container, clock)
    alice = people["alice"]
    first = (await chat.say(alice, "/payments"))[0]
    [second] = [
        c
        for c in await chat.tap(alice, buttons(first)["Next ›"], 1, alice["id"])
        if c.method == "editMessageText"
    ]
    cancel = next(data for label, data in buttons(second).items() if label.startswith("Cancel 7:"))
    done = await chat.tap(alice, cancel, 1, alice["id"])
    assert any("Cancelled: 1.00 USDC to “Bob”" in str(c.params.get("text")) for c in done)
    again = (await chat.say(alice, "/payments"))[0]
    assert again.params["text"].startswith("Upcoming payments (29, page 1 of 6):")


async def test_a_strangers_or_forged_page_tap_is_refused_and_edits_nothing(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    await _thirty_weekly_payments(chat, people, container, clock)
    alice, mallory = people["alice"], people["mallory"]
    first = (await chat.say(alice, "/payments"))[0]
    data = buttons(first)["Next ›"]
    attempts = [
        (mallory, data, mallory["id"]),  # someone else taps Alice's button
        (mallory, data, alice["id"]),  # ... even from inside Alice's chat
        (alice, data, mallory["id"]),  # Alice's list shown into another chat
        (mallory, data.replace(str(alice["id"]), str(mallory["id"])), alice["id"]),
        (alice, data.replace(":1", ":01"), alice["id"]),  # a mutated page number
        (alice, data.replace("pg:pay", "pg:zzz"), alice["id"]),  # an unknown list
        (alice, data + "0000", alice["id"]),  # past the largest page
    ]
    for who, forged, chat_id in attempts:
        calls = await chat.tap(who, forged, 1, chat_id)
        assert [c.method for c in calls] == ["answerCallbackQuery"], forged
        assert calls[0].params["show_alert"] is True
        assert calls[0].params["text"] in (
            "That list belongs to someone else.",
            "That button is not valid.",
        )


async def test_a_cancel_question_offers_the_paged_list(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    await _thirty_weekly_payments(chat, people, container, clock)
    [reply] = await chat.say(people["alice"], "cancel a payment")
    assert reply.params["text"].startswith("Which one?")
    assert "Upcoming payments (30, page 1 of 6):" in reply.params["text"]
    assert "Next ›" in buttons(reply)
    _sent_within_limits(chat)


async def test_an_operator_pages_incidents_and_a_payer_cannot(
    chat: OfflineChat, people: People, container: Container
) -> None:
    olga, alice = people["olga"], people["alice"]
    await chat.say(alice, "/start")
    [none] = await chat.say(olga, "/incidents")
    assert none.params["text"] == "No incidents."
    refused = await chat.tap(alice, f"pg:inc:{alice['id']}:1", 1, alice["id"])
    assert refused[0].params["text"] == "That command is for operators."


async def test_an_operator_pages_twelve_incidents_with_long_summaries(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    olga = people["olga"]
    for n in range(12):
        at = clock.now() - timedelta(minutes=n)
        summary = f"incident {n:02d} " + "very long summary " * 400  # an agent that rambles
        # One active incident per gateway: the newest is open, the older ones are resolved.
        status = IncidentStatus.OPEN if n == 0 else IncidentStatus.RESOLVED
        incident = Incident(f"{n:032x}", "circle", status, at, at, summary, "why")
        assert await container.ops.store.save_incident(incident)
    [first] = await chat.say(olga, "/incidents")
    assert first.params["text"].startswith("Last 12 incident(s), page 1 of 3:")
    assert first.params["text"].count("• ") == 5
    calls = await chat.tap(olga, buttons(first)["Next ›"], 1, olga["id"])
    calls += await chat.tap(olga, f"pg:inc:{olga['id']}:2", 1, olga["id"])
    pages = [c.params["text"] for c in calls if c.method == "editMessageText"]
    assert [p.splitlines()[0] for p in pages] == [
        "Last 12 incident(s), page 2 of 3:",
        "Last 12 incident(s), page 3 of 3:",
    ]
    assert pages[1].count("• ") == 2 and "incident 11" in pages[1]
    _sent_within_limits(chat)


async def test_asking_whats_coming_up_shows_five_and_points_to_the_paged_list(
    chat: OfflineChat, people: People, container: Container, clock: FrozenClock
) -> None:
    await _thirty_weekly_payments(chat, people, container, clock)
    [answer] = await chat.say(people["alice"], "what's coming up")
    lines = answer.params["text"].splitlines()
    assert lines[0] == f"You have {RUNS} upcoming payment(s):"
    assert len([line for line in lines if line.startswith("• ")]) == 5
    assert lines[-1] == f"… and {RUNS - 5} more: /payments lists them page by page."
