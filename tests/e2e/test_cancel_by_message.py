"""Cancelling scheduled payments by message: by payee, by reference, everything, or 'which one?'."""

from typing import Any

from lab.offline_telegram import OfflineChat, SentCall, buttons

People = dict[str, dict[str, Any]]


def said(calls: list[SentCall]) -> list[str]:
    return [str(c.params["text"]) for c in calls if c.method in ("sendMessage", "editMessageText")]


async def schedule(chat: OfflineChat, person: dict[str, Any], text: str) -> None:
    [card] = await chat.say(person, text)
    calls = await chat.tap(person, buttons(card)["Confirm"], 1, person["id"])
    assert said(calls)[0].startswith("Scheduled:"), said(calls)


async def setup(chat: OfflineChat, people: People) -> None:
    for name in ("alice", "bob", "mallory"):
        await chat.say(people[name], "/start")
    await schedule(chat, people["alice"], "pay bob 5 usdc every friday")
    await schedule(chat, people["alice"], "pay mallory 7 usdc on the 1st of every month")


async def upcoming(chat: OfflineChat, person: dict[str, Any]) -> str:
    return said(await chat.say(person, "/payments"))[0]


async def test_stop_paying_someone_cancels_only_their_series(
    chat: OfflineChat, people: People
) -> None:
    await setup(chat, people)
    assert said(await chat.say(people["alice"], "stop paying bob")) == [
        "Cancelled: 5.00 USDC to “Bob”.\nNo further runs."
    ]
    listing = await upcoming(chat, people["alice"])
    assert "Mallory" in listing and "Bob" not in listing


async def test_cancel_everything_stops_every_series(chat: OfflineChat, people: People) -> None:
    await setup(chat, people)
    reply = said(await chat.say(people["alice"], "cancel all my payments"))[0]
    assert "5.00 USDC to “Bob”" in reply and "7.00 USDC to “Mallory”" in reply
    assert said(await chat.say(people["alice"], "cancel all my payments")) == [
        "You have no scheduled payments to cancel."
    ]


async def test_an_unspecific_cancel_offers_the_list_with_buttons(
    chat: OfflineChat, people: People
) -> None:
    await setup(chat, people)
    [reply] = await chat.say(people["alice"], "cancel it")
    question, _, listed = reply.params["text"].partition("\n\n")
    assert question == "Which one? Tap Cancel on the payment to stop."
    assert listed.startswith("Upcoming payments:\n1. 5.00 USDC to “Bob”")
    assert list(buttons(reply)) == [
        "Cancel 1: 5.00 USDC to “Bob”",
        "Cancel 2: 7.00 USDC to “Mallory”",
    ]


async def test_nobody_can_cancel_someone_elses_payments_by_message(
    chat: OfflineChat, people: People
) -> None:
    await setup(chat, people)
    assert said(await chat.say(people["mallory"], "cancel all my payments")) == [
        "You have no scheduled payments to cancel."
    ]
    assert "Bob" in await upcoming(chat, people["alice"])


async def test_a_support_question_about_a_past_transfer_cancels_nothing(
    chat: OfflineChat, people: People
) -> None:
    await setup(chat, people)
    await chat.say(people["alice"], "I sent money to bob by mistake, can you cancel that transfer?")
    listing = await upcoming(chat, people["alice"])
    assert "Bob" in listing and "Mallory" in listing


async def test_cancel_by_reference_stops_just_that_payment(
    chat: OfflineChat, people: People
) -> None:
    await setup(chat, people)
    [listing] = await chat.say(people["alice"], "/payments")
    bob_button = next(data for label, data in buttons(listing).items() if "Bob" in label)
    reference = bob_button.rsplit(":", 1)[-1]
    # Test ids count up from zero, so a short prefix matches both: the bot asks instead.
    [ambiguous] = await chat.say(people["alice"], f"cancel payment {reference[:8]}")
    assert ambiguous.params["text"].startswith("That matches several payments")
    assert said(await chat.say(people["alice"], f"cancel payment {reference}")) == [
        "Cancelled: 5.00 USDC to “Bob”.\nNo further runs."
    ]
