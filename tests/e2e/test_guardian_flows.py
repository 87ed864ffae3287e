"""The guardian's bands through the real Telegram handlers: allow, step-up, review, block."""

from typing import Any

import pytest

from bot.composition.container import Container
from bot.telegram.notifier import TelegramNotifier
from core.payments import proposals
from core.scheduling.tick import deliver
from core.states import PaymentStatus
from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.conftest import OPERATOR_ID
from tests.e2e.conftest import deliver_outbox
from tests.e2e.test_pay_by_message import balance_text, onboard, texts, toast
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


@pytest.fixture
def operator(chat: OfflineChat) -> dict[str, Any]:
    return chat.updates.user(OPERATOR_ID, "Olga", "olga_ops")


def to(calls: list[SentCall], chat_id: int) -> list[SentCall]:
    return [c for c in calls if c.method == "sendMessage" and c.params["chat_id"] == chat_id]


async def tap(chat: OfflineChat, who: dict[str, Any], data: str, chat_id: int) -> list[SentCall]:
    return await chat.tap(who, data, 1, chat_id)


# --- step-up: 40–74 -------------------------------------------------------------------------


async def step_up_card(chat: OfflineChat, people: People) -> list[SentCall]:
    await onboard(chat, people)
    return await chat.say(people["alice"], "pay bob 600 usdc")  # new payee 20 + over half 25


async def test_a_step_up_card_states_the_reasons_and_tells_the_operator(
    chat: OfflineChat, people: People
) -> None:
    calls = await step_up_card(chat, people)
    card = to(calls, people["alice"]["id"])[0].params["text"]
    assert "Risk: elevated (45/100)" in card
    assert "you have not paid this person before" in card and "more than half" in card
    assert "type the amount" in card
    notice = to(calls, OPERATOR_ID)[0].params["text"]
    assert notice.startswith("Step-up: 600.00 USDC from “Alice” to “Bob”, score 45/100")


async def test_step_up_needs_the_typed_amount_after_confirm_and_then_pays(
    chat: OfflineChat, people: People, container: Container
) -> None:
    calls = await step_up_card(chat, people)
    confirm = buttons(to(calls, people["alice"]["id"])[0])["Confirm"]
    first = await tap(chat, people["alice"], confirm, people["alice"]["id"])
    assert toast(first) == "One more step: type the amount."
    prompt = next(c for c in first if c.method == "editMessageText")
    assert "type the amount (600) to confirm" in prompt.params["text"]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"
    again = await tap(chat, people["alice"], confirm, people["alice"]["id"])
    assert toast(again) == "Type the amount shown to finish confirming."
    wrong = texts(await chat.say(people["alice"], "60"))
    assert wrong == ["That is not the amount shown; nothing was paid."]
    paid = await chat.say(people["alice"], "600.00 USDC")
    assert texts(paid)[0].startswith("Paid 600.00 USDC to “Bob”.")
    told = await deliver_outbox(chat, container)  # the payee hears through the outbox
    assert texts(to(told, people["bob"]["id"])) == ["You received 600.00 USDC from “Alice”."]
    assert await balance_text(chat, people["alice"]) == "Balance: 400.00 USDC"
    replay = texts(await chat.say(people["alice"], "600"))
    assert replay != [] and not replay[0].startswith("Paid")  # nothing waits any more
    assert await balance_text(chat, people["alice"]) == "Balance: 400.00 USDC"


async def test_another_user_typing_the_amount_moves_nothing(
    chat: OfflineChat, people: People
) -> None:
    calls = await step_up_card(chat, people)
    confirm = buttons(to(calls, people["alice"]["id"])[0])["Confirm"]
    await tap(chat, people["alice"], confirm, people["alice"]["id"])
    stranger = texts(await chat.say(people["mallory"], "600"))
    assert not any(t.startswith("Paid") for t in stranger)
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_the_second_step_expires_with_the_confirmation(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    calls = await step_up_card(chat, people)
    confirm = buttons(to(calls, people["alice"]["id"])[0])["Confirm"]
    await tap(chat, people["alice"], confirm, people["alice"]["id"])
    clock.advance(minutes=16)
    late = texts(await chat.say(people["alice"], "600"))
    assert late == ["This confirmation expired; send the payment again."]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_deny_during_the_second_step_moves_nothing(chat: OfflineChat, people: People) -> None:
    calls = await step_up_card(chat, people)
    confirm = buttons(to(calls, people["alice"]["id"])[0])["Confirm"]
    first = await tap(chat, people["alice"], confirm, people["alice"]["id"])
    deny = buttons(next(c for c in first if c.method == "editMessageText"))["Deny"]
    denied = await tap(chat, people["alice"], deny, people["alice"]["id"])
    assert texts(denied) == ["Denied: 600.00 USDC to “Bob”. Nothing was paid."]
    assert texts(await chat.say(people["alice"], "600")) == [
        "I didn't understand that. Try: pay bob 10 usdc, or /help."
    ]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


# --- review: ≥ 75 ---------------------------------------------------------------------------


async def review_request(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> tuple[list[SentCall], SentCall]:
    await onboard(chat, people)
    clock.current = clock.current.replace(hour=3)  # night-time: +15 on top of 60
    calls = await chat.say(people["alice"], "pay bob 950 usdc")
    return calls, to(calls, OPERATOR_ID)[0]


async def test_a_blocked_score_goes_to_operators_and_the_user_cannot_confirm(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    calls, request = await review_request(chat, people, clock)
    user = to(calls, people["alice"]["id"])[0]
    assert "needs an operator's review" in user.params["text"] and buttons(user) == {}
    assert request.params["text"].startswith("Review needed: 950.00 USDC from “Alice” to “Bob”.")
    assert "Score 75/100" in request.params["text"]
    assert set(buttons(request)) == {"Approve", "Reject"}


async def test_an_operator_approves_and_the_user_gets_a_normal_card_that_pays(
    chat: OfflineChat, people: People, clock: FrozenClock, operator: dict[str, Any]
) -> None:
    _, request = await review_request(chat, people, clock)
    approved = await tap(chat, operator, buttons(request)["Approve"], OPERATOR_ID)
    assert toast(approved) == "Approved."
    assert texts(approved)[0] == "Approved by Olga: 950.00 USDC from “Alice” to “Bob”."
    card = to(approved, people["alice"]["id"])[0]
    assert "An operator reviewed and approved this payment." in card.params["text"]
    paid = await tap(chat, people["alice"], buttons(card)["Confirm"], people["alice"]["id"])
    assert texts(paid)[0].startswith("Paid 950.00 USDC to “Bob”.")
    again = await tap(chat, operator, buttons(request)["Approve"], OPERATOR_ID)
    assert toast(again) == "This payment was already reviewed."


async def test_an_operator_rejects_and_the_user_is_told(
    chat: OfflineChat, people: People, clock: FrozenClock, operator: dict[str, Any]
) -> None:
    _, request = await review_request(chat, people, clock)
    rejected = await tap(chat, operator, buttons(request)["Reject"], OPERATOR_ID)
    assert toast(rejected) == "Rejected."
    told = texts(to(rejected, people["alice"]["id"]))
    assert told == ["An operator declined your payment of 950.00 USDC to “Bob”. Nothing was paid."]
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_a_review_nobody_takes_up_expires_and_a_late_approval_is_refused(
    chat: OfflineChat,
    people: People,
    clock: FrozenClock,
    operator: dict[str, Any],
    container: Container,
) -> None:
    _, request = await review_request(chat, people, clock)
    clock.advance(hours=23)
    assert await proposals.expire_stale(container.deps) == []  # still inside the review window
    clock.advance(hours=2)
    [expired] = await proposals.expire_stale(container.deps)
    assert expired.status is PaymentStatus.AWAITING_REVIEW  # as it was when it expired
    chat.api.calls.clear()
    await deliver(container.deps, TelegramNotifier(chat.application.bot))  # through the outbox
    assert texts(to(chat.api.calls, people["alice"]["id"])) == [
        "No operator reviewed your payment of 950.00 USDC to “Bob” in time, so it expired. "
        "Nothing was paid; send it again if you still want it."
    ]
    late = await tap(chat, operator, buttons(request)["Approve"], OPERATOR_ID)
    assert toast(late) == "This payment expired before anyone reviewed it."
    assert to(late, people["alice"]["id"]) == []
    assert await balance_text(chat, people["alice"]) == "Balance: 1,000.00 USDC"


async def test_only_operators_can_review(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    _, request = await review_request(chat, people, clock)
    refused = await tap(chat, people["alice"], buttons(request)["Approve"], people["alice"]["id"])
    assert toast(refused) == "Only an operator can review payments."
    assert to(refused, people["alice"]["id"]) == []


# --- hard blocks and limits -----------------------------------------------------------------


async def test_a_hard_block_is_refused_at_once_with_the_reason(
    chat: OfflineChat, people: People
) -> None:
    await onboard(chat, people)
    await chat.say(people["alice"], "/limits payment 50")
    replies = await chat.say(people["alice"], "pay bob 60 usdc")
    assert texts(replies) == [
        "I can't make this payment: the amount is over the per-payment limit."
    ]
    assert to(replies, OPERATOR_ID) == []


async def test_limits_show_lower_at_once_and_only_operators_raise(
    chat: OfflineChat, people: People, operator: dict[str, Any]
) -> None:
    await onboard(chat, people)
    shown = texts(await chat.say(people["alice"], "/limits"))[0]
    assert "• Per payment: 10,000.00 USDC" in shown and "• Per day: 20,000.00 USDC" in shown
    assert "• Per person per day: 10,000.00 USDC" in shown
    lowered = texts(await chat.say(people["alice"], "/limits daily 15"))[0]
    assert "• Per day: 15.00 USDC" in lowered
    assert texts(await chat.say(people["alice"], "pay bob 20 usdc")) == [
        "I can't make this payment: it would take you over your daily limit."
    ]
    raised = texts(await chat.say(people["alice"], "/limits daily 500"))[0]
    assert raised == "Only an operator can raise a limit; your per day limit stays at 15.00 USDC."
    sneaky = texts(await chat.say(people["alice"], "/limits @alice daily 500"))[0]
    assert sneaky == raised  # naming herself changes nothing: it is her own lowering rule
    others = texts(await chat.say(people["mallory"], "/limits @alice daily 5"))[0]
    assert others == "Only an operator can change someone else's limits."
    herself = texts(await chat.say(people["alice"], "/limits @alice daily 14"))[0]
    assert "• Per day: 14.00 USDC" in herself
    by_operator = texts(await chat.say(operator, "/limits @alice daily 500"))[0]
    assert "Per day limit changed for “Alice”." in by_operator and "500.00 USDC" in by_operator
    card = texts(await chat.say(people["alice"], "pay bob 20 usdc"))[0]
    assert card.startswith("Pay 20.00 USDC to “Bob”?")
