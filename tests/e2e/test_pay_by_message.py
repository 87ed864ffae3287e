"""Pay by Telegram message, through the real Application and handlers."""

from typing import Any

import httpx

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.e2e.conftest import WEBHOOK_HEADERS, deliver_outbox
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


async def onboard(chat: OfflineChat, people: People) -> None:
    for name in ("alice", "bob", "mallory"):
        await chat.say(people[name], "/start")


def texts(calls: list[SentCall]) -> list[str]:
    return [
        str(c.params.get("text", ""))
        for c in calls
        if c.method in ("sendMessage", "editMessageText")
    ]


def toast(calls: list[SentCall]) -> str:
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert len(answers) == 1, "every callback query is answered exactly once"
    return str(answers[0].params.get("text", ""))


async def card_for(chat: OfflineChat, people: People, text: str) -> SentCall:
    replies = await chat.say(people["alice"], text)
    assert len(replies) == 1
    return replies[0]


async def balance_text(chat: OfflineChat, person: dict[str, Any]) -> str:
    return texts(await chat.say(person, "/balance"))[0]


async def test_start_opens_a_wallet_with_the_sandbox_credit(
    chat: OfflineChat, people: People
) -> None:
    replies = texts(await chat.say(people["alice"], "/start"))
    assert "Welcome, Alice" in replies[0] and "1,000.00 USDC" in replies[0]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_pay_then_confirm_shows_a_receipt_tells_the_payee_and_moves_balances(
    chat: OfflineChat, people: People, container: Container
) -> None:
    await onboard(chat, people)
    card = await card_for(chat, people, "pay bob 10 usdc")
    assert "Pay 10.00 USDC to “Bob”?" in card.params["text"] and "Risk: low" in card.params["text"]
    assert set(buttons(card)) == {"Confirm", "Deny"}
    calls = await chat.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    assert toast(calls) == "Done."
    [edited] = texts(calls)
    assert edited.startswith("Paid 10.00 USDC to “Bob”.")
    told = await deliver_outbox(chat, container)  # the payee hears through the outbox
    assert texts(told) == ["You received 10.00 USDC from “Alice”."]
    assert [c.params["chat_id"] for c in told if c.method == "sendMessage"] == [people["bob"]["id"]]
    assert await balance_text(chat, people["alice"]) == "Balance: 990.00 USDC"
    assert await balance_text(chat, people["bob"]) == "Balance: 1,010.00 USDC"


async def test_paying_by_handle_with_decimals_works(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    card = await card_for(chat, people, "send 25.5 USDC to @bobby")
    assert "Pay 25.50 USDC to “Bob”?" in card.params["text"]


async def test_deny_moves_nothing_and_says_so(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    card = await card_for(chat, people, "pay bob 10 usdc")
    calls = await chat.tap(people["alice"], buttons(card)["Deny"], 1, people["alice"]["id"])
    assert texts(calls) == ["Denied: 10.00 USDC to “Bob”. Nothing was paid."]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_a_double_tap_moves_money_once_and_says_why(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people)
    confirm = buttons(await card_for(chat, people, "pay bob 10 usdc"))["Confirm"]
    await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    again = await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    assert toast(again) == "You already confirmed this payment."
    assert texts(again) == []
    assert await balance_text(chat, people["alice"]) == "Balance: 990.00 USDC"


async def test_a_stranger_tap_moves_nothing(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    confirm = buttons(await card_for(chat, people, "pay bob 10 usdc"))["Confirm"]
    calls = await chat.tap(people["mallory"], confirm, 1, people["alice"]["id"])
    assert toast(calls) == "This button belongs to someone else; nothing was paid."
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_a_tap_after_expiry_moves_nothing(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    await onboard(chat, people)
    confirm = buttons(await card_for(chat, people, "pay bob 10 usdc"))["Confirm"]
    clock.advance(minutes=16)
    calls = await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    assert toast(calls) == "This confirmation expired; send the payment again."
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_a_forged_button_is_refused(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    calls = await chat.tap(
        people["alice"], "pay:ok:" + "0" * 32 + ":zzzzzzzzzz", 1, people["alice"]["id"]
    )
    assert toast(calls) == "That button is not valid."


async def test_bad_input_gets_one_plain_sentence(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    cases = {
        "pay bob 0 usdc": "greater than zero",
        "pay bob 1.1234567 usdc": "at most 6 decimal places",
        "pay zed 10 usdc": "I don't know anyone",
        "pay alice 10 usdc": "You can't pay yourself.",
        "pay bob 5000 usdc": "not enough",
    }
    for message, expected in cases.items():
        replies = texts(await chat.say(people["alice"], message))
        assert len(replies) == 1 and expected in replies[0], (message, replies)


async def test_an_unregistered_user_is_asked_to_start(chat: OfflineChat, people: People) -> None:
    replies = texts(await chat.say(people["alice"], "pay bob 10 usdc"))
    assert replies == ["Send /start first so I can open your wallet."]


async def test_payments_are_refused_in_group_chats(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    replies = texts(await chat.say(people["alice"], "pay bob 10 usdc", chat_type="group"))
    assert replies == ["Payments work only in a private chat with me."]


async def test_help_lists_what_the_bot_understands(chat: OfflineChat, people: People) -> None:
    replies = texts(await chat.say(people["alice"], "/help"))
    assert "pay bob 10 usdc" in replies[0] and "/balance" in replies[0]


async def test_the_whole_flow_works_through_the_webhook(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await http.post(
            "/telegram/webhook",
            json=chat.updates.message(people[name], "/start"),
            headers=WEBHOOK_HEADERS,
        )
    await http.post(
        "/telegram/webhook",
        json=chat.updates.message(people["alice"], "pay bob 10 usdc"),
        headers=WEBHOOK_HEADERS,
    )
    card = chat.api.sent()[-1]
    tap = chat.updates.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    assert (
        await http.post("/telegram/webhook", json=tap, headers=WEBHOOK_HEADERS)
    ).status_code == 200
    assert (
        chat.api.sent("editMessageText")[-1].params["text"].startswith("Paid 10.00 USDC to “Bob”.")
    )


async def test_a_recurring_payment_card_shows_the_next_three_runs(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people)
    card = (await card_for(chat, people, "pay bob 5 usdc every Friday")).params["text"]
    assert "Repeats: every week on FR" in card
    # Wed 4 March 2026 10:00 UTC → the next three Fridays at 09:00.
    assert [line.strip() for line in card.splitlines() if line.strip().startswith("•")] == [
        "• Fri 06 Mar 2026, 09:00 UTC",
        "• Fri 13 Mar 2026, 09:00 UTC",
        "• Fri 20 Mar 2026, 09:00 UTC",
    ]


async def test_a_future_one_off_card_shows_when_it_runs(chat: OfflineChat, people: People) -> None:
    await onboard(chat, people)
    card = (await card_for(chat, people, "pay bob 5 usdc tomorrow at 6pm")).params["text"]
    assert "When: Thu 05 Mar 2026, 18:00 UTC" in card
