"""REST: step-up needs the typed amount on a second confirm; review is visible in the status."""

from typing import Any

import httpx
import pytest

from bot.composition.container import Container
from bot.telegram.notifier import TelegramNotifier
from core.scheduling.tick import deliver
from lab.offline_telegram import OfflineChat, buttons
from tests.conftest import OPERATOR_ID
from tests.e2e.conftest import token_headers
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


@pytest.fixture
async def alices(container: Container) -> dict[str, str]:
    """Alice's own pay token: REST acts for her only through one."""
    return await token_headers(container, 7001)


async def propose(
    http: httpx.AsyncClient, chat: OfflineChat, people: People, text: str, alices: dict[str, str]
) -> Any:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    body = {"telegram_id": 7001, "text": text}
    return (await http.post("/v1/commands", json=body, headers=alices)).json()


async def test_a_step_up_payment_needs_a_second_confirm_with_the_amount(
    http: httpx.AsyncClient, chat: OfflineChat, people: People, alices: dict[str, str]
) -> None:
    payment = (await propose(http, chat, people, "pay bob 600", alices))["payment"]
    assert (payment["risk_level"], payment["risk_score"]) == ("step_up", 45)
    url = f"/v1/payments/{payment['id']}/confirm"
    answer = {"telegram_id": 7001, "details_hash": payment["details_hash"]}
    first = (await http.post(url, json=answer, headers=alices)).json()
    assert first["payment"]["status"] == "awaiting_second_step"
    assert "type the amount (600)" in first["message"]
    bare = await http.post(url, json=answer, headers=alices)
    assert bare.status_code == 409 and "Type the amount" in bare.json()["detail"]
    wrong = await http.post(url, json={**answer, "amount": "60"}, headers=alices)
    assert wrong.status_code == 409
    paid = (await http.post(url, json={**answer, "amount": "600.00"}, headers=alices)).json()
    assert paid["payment"]["status"] == "completed" and paid["message"].startswith("Paid 600.00")


async def test_a_payment_under_review_cannot_be_confirmed_over_rest(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: People,
    clock: FrozenClock,
    alices: dict[str, str],
) -> None:
    clock.current = clock.current.replace(hour=3)
    payment = (await propose(http, chat, people, "pay bob 950", alices))["payment"]
    assert payment["status"] == "awaiting_review"
    url = f"/v1/payments/{payment['id']}/confirm"
    answer = {"telegram_id": 7001, "details_hash": payment["details_hash"]}
    refused = await http.post(url, json=answer, headers=alices)
    assert refused.status_code == 409 and "operator is reviewing" in refused.json()["detail"]


async def test_a_review_asked_for_over_rest_reaches_the_operators_through_the_outbox(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: People,
    clock: FrozenClock,
    container: Container,
    alices: dict[str, str],
) -> None:
    clock.current = clock.current.replace(hour=3)
    payment = (await propose(http, chat, people, "pay bob 950", alices))["payment"]
    assert payment["status"] == "awaiting_review"
    chat.api.calls.clear()
    # The request was queued with the payment: whichever process delivers next sends it.
    assert await deliver(container.deps, TelegramNotifier(chat.application.bot)) == 1
    [request] = [c for c in chat.api.calls if c.params.get("chat_id") == OPERATOR_ID]
    assert str(request.params["text"]).startswith(
        "Review needed: 950.00 USDC from “Alice” to “Bob”."
    )
    approve = buttons(request)["Approve"]
    approved = await chat.tap(people["olga"], approve, 1, OPERATOR_ID)
    answers = [c.params.get("text") for c in approved if c.method == "answerCallbackQuery"]
    assert answers == ["Approved."]
    assert await deliver(container.deps, TelegramNotifier(chat.application.bot)) == 0  # sent once
