"""Messages the parser cannot take as a command, through the real bot: suggestion buttons for
money talk, a "how much?" that says why, and a new command replacing an open question."""

from typing import Any

from lab.offline_telegram import OfflineChat, SentCall, buttons

People = dict[str, dict[str, Any]]
NOT_UNDERSTOOD = "I didn't understand that. Try: pay bob 10 usdc, or /help."
SUGGESTED = ["Balance", "Upcoming", "History", "Pay someone", "Help"]


def said(calls: list[SentCall]) -> list[str]:
    return [str(c.params["text"]) for c in calls if c.method in ("sendMessage", "editMessageText")]


def alerts(calls: list[SentCall]) -> list[str]:
    return [str(c.params.get("text")) for c in calls if c.method == "answerCallbackQuery"]


async def onboard(chat: OfflineChat, *people: dict[str, Any]) -> None:
    for person in people:
        await chat.say(person, "/start")


async def test_money_talk_not_understood_offers_the_likely_intents_as_buttons(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"])
    reply = await chat.say(people["alice"], "ugh money is the worst, everything costs so much")
    assert said(reply) == [NOT_UNDERSTOOD]
    assert sorted(buttons(reply[0])) == sorted(SUGGESTED)


async def test_chit_chat_about_nothing_money_gets_no_buttons(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"])
    reply = await chat.say(people["alice"], "what a lovely day it is")
    assert said(reply) == [NOT_UNDERSTOOD] and buttons(reply[0]) == {}


async def test_a_tap_runs_that_intent_for_the_person_who_tapped(
    chat: OfflineChat, people: People
) -> None:
    alice = people["alice"]
    await onboard(chat, alice)
    offered = buttons((await chat.say(alice, "money makes me nervous"))[0])
    typed = said(await chat.say(alice, "balance"))
    tapped = await chat.tap(alice, offered["Balance"], 2, alice["id"])
    assert said(tapped) == typed
    assert said(await chat.tap(alice, offered["Pay someone"], 2, alice["id"])) == [
        "Who should I pay?"
    ]


async def test_a_suggestion_works_only_for_its_owner_in_their_own_chat(
    chat: OfflineChat, people: People
) -> None:
    alice, mallory = people["alice"], people["mallory"]
    await onboard(chat, alice, mallory)
    offered = buttons((await chat.say(alice, "ugh money"))[0])
    by_someone_else = await chat.tap(mallory, offered["Balance"], 2, alice["id"])
    elsewhere = await chat.tap(alice, offered["Balance"], 2, mallory["id"])
    for calls in (by_someone_else, elsewhere):
        assert said(calls) == []
        assert alerts(calls) == ["That button was offered to someone else."]


async def test_a_forged_suggestion_is_refused(chat: OfflineChat, people: People) -> None:
    alice = people["alice"]
    await onboard(chat, alice)
    calls = await chat.tap(alice, f"sg:pwn:{alice['id']}", 2, alice["id"])
    assert said(calls) == [] and alerts(calls) == ["That button is not valid."]


async def test_two_amounts_are_not_guessed_the_question_says_why(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"], people["bob"])
    ask = said(await chat.say(people["alice"], "pay bob 7 or 9 usdc"))
    assert ask == ["I saw 7 and 9 — how much should I send to “Bob”?"]
    card = said(await chat.say(people["alice"], "7"))
    assert card[0].startswith("Pay 7.00 USDC to “Bob”?")


async def test_a_superscript_amount_is_asked_for_not_read_as_digits(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"], people["bob"])
    ask = said(await chat.say(people["alice"], "pay bob 5² usdc"))
    assert ask == ["I saw 5² — how much should I send to “Bob”?"]
    assert said(await chat.say(people["alice"], "25"))[0].startswith("Pay 25.00 USDC to “Bob”?")


async def test_a_new_complete_command_replaces_a_which_one_question(
    chat: OfflineChat, people: People
) -> None:
    other_bob = chat.updates.user(7009, "Bob", "bstone")
    await onboard(chat, people["alice"], people["bob"], other_bob, people["mallory"])
    fresh = said(await chat.say(people["alice"], "pay zed 7"))  # a payee we do not know
    assert said(await chat.say(people["alice"], "pay bob 10")) == ["Which one do you mean?"]
    assert said(await chat.say(people["alice"], "pay zed 7")) == fresh
    assert said(await chat.say(people["alice"], "pay bob 10")) == ["Which one do you mean?"]
    card = said(await chat.say(people["alice"], "pay mallory 4"))
    assert card[0].startswith("Pay 4.00 USDC to “Mallory”?")


async def test_a_bare_answer_still_answers_the_open_question(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people["alice"], people["bob"])
    assert said(await chat.say(people["alice"], "pay bob")) == ["How much should I send to “Bob”?"]
    assert said(await chat.say(people["alice"], "send 8"))[0].startswith("Pay 8.00 USDC to “Bob”?")
