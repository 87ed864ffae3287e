"""Missing pieces start a short clarification that remembers the rest of the command."""

from typing import Any

from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


def said(calls: list[SentCall]) -> list[str]:
    return [str(c.params["text"]) for c in calls if c.method in ("sendMessage", "editMessageText")]


async def onboard(chat: OfflineChat, *people: dict[str, Any]) -> None:
    for person in people:
        await chat.say(person, "/start")


async def test_a_missing_amount_is_asked_for_and_the_answer_completes_the_payment(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"], people["bob"])
    assert said(await chat.say(people["alice"], "pay bob")) == ["How much should I send to “Bob”?"]
    reply = said(await chat.say(people["alice"], "12.5"))
    assert reply[0].startswith("Pay 12.50 USDC to “Bob”?")


async def test_a_missing_payee_is_asked_for(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people["alice"], people["bob"])
    assert said(await chat.say(people["alice"], "send 5 usdc")) == ["Who should I pay?"]
    assert said(await chat.say(people["alice"], "bobby"))[0].startswith("Pay 5.00 USDC to “Bob”?")


async def test_a_new_complete_command_replaces_the_open_question(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"], people["bob"], people["mallory"])
    await chat.say(people["alice"], "pay bob")
    reply = said(await chat.say(people["alice"], "pay mallory 3 usdc"))
    assert reply[0].startswith("Pay 3.00 USDC to “Mallory”?")


async def test_an_ambiguous_name_offers_buttons_and_a_tap_continues(
    chat: OfflineChat, people: People
) -> None:
    other_bob = chat.updates.user(7009, "Bob", "bstone")
    other_bob["last_name"] = "Stone"
    await onboard(chat, people["alice"], people["bob"], other_bob)
    ask = await chat.say(people["alice"], "pay bob 10 usdc")
    assert said(ask) == ["Which one do you mean?"]
    choices = buttons(ask[0])
    assert set(choices) == {"“Bob” (@bobby)", "“Bob Stone” (@bstone)"}
    calls = await chat.tap(
        people["alice"], choices["“Bob Stone” (@bstone)"], 2, people["alice"]["id"]
    )
    assert said(calls)[0].startswith("Pay 10.00 USDC to “Bob Stone”?")


async def test_an_ambiguous_name_without_amount_asks_both_in_turn(
    chat: OfflineChat, people: People
) -> None:
    other_bob = chat.updates.user(7009, "Bob", "bstone")
    await onboard(chat, people["alice"], people["bob"], other_bob)
    ask = await chat.say(people["alice"], "pay bob")
    calls = await chat.tap(
        people["alice"], buttons(ask[0])["“Bob” (@bstone)"], 2, people["alice"]["id"]
    )
    assert said(calls) == ["How much should I send to “Bob”?"]
    card = said(await chat.say(people["alice"], "7"))
    assert card[0].startswith("Pay 7.00 USDC to “Bob”?") and "@bstone" in card[0]


async def test_someone_elses_choice_button_does_nothing(chat: OfflineChat, people: People) -> None:
    other_bob = chat.updates.user(7009, "Bob", "bstone")
    await onboard(chat, people["alice"], people["bob"], other_bob, people["mallory"])
    ask = await chat.say(people["alice"], "pay bob 10")
    tap = await chat.tap(
        people["mallory"], buttons(ask[0])["“Bob” (@bstone)"], 2, people["alice"]["id"]
    )
    answers = [c.params.get("text") for c in tap if c.method == "answerCallbackQuery"]
    assert answers == ["That choice has expired; please send the payment again."]


async def test_an_open_question_expires(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    await onboard(chat, people["alice"], people["bob"])
    await chat.say(people["alice"], "pay bob")
    clock.advance(minutes=11)
    assert said(await chat.say(people["alice"], "12")) == [
        "I didn't understand that. Try: pay bob 10 usdc, or /help."
    ]


async def test_a_stale_choice_button_leaves_the_open_question_answerable(
    chat: OfflineChat, people: People
) -> None:
    other_bob = chat.updates.user(7009, "Bob", "bstone")
    await onboard(chat, people["alice"], people["bob"], other_bob)
    ask = await chat.say(people["alice"], "pay bob 10")
    offered = buttons(ask[0])["“Bob” (@bstone)"]
    not_offered = offered[:-1] + ("1" if offered[-1] != "1" else "2")  # well formed, not a choice
    stray = await chat.tap(people["alice"], not_offered, 2, people["alice"]["id"])
    answers = [c.params.get("text") for c in stray if c.method == "answerCallbackQuery"]
    assert answers == ["That choice has expired; please send the payment again."]
    tap = await chat.tap(
        people["alice"], buttons(ask[0])["“Bob” (@bstone)"], 2, people["alice"]["id"]
    )
    assert said(tap)[0].startswith("Pay 10.00 USDC to “Bob”?")  # the question was still open
