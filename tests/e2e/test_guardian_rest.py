"""REST: step-up needs the typed amount on a second confirm; review is visible in the status."""

from typing import Any

import httpx

from bot.telegram.offline import OfflineChat
from tests.e2e.conftest import API_HEADERS
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


async def propose(http: httpx.AsyncClient, chat: OfflineChat, people: People, text: str) -> Any:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    body = {"telegram_id": 7001, "text": text}
    return (await http.post("/v1/commands", json=body, headers=API_HEADERS)).json()


async def test_a_step_up_payment_needs_a_second_confirm_with_the_amount(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    payment = (await propose(http, chat, people, "pay bob 600"))["payment"]
    assert (payment["risk_level"], payment["risk_score"]) == ("step_up", 45)
    url = f"/v1/payments/{payment['id']}/confirm"
    answer = {"telegram_id": 7001, "details_hash": payment["details_hash"]}
    first = (await http.post(url, json=answer, headers=API_HEADERS)).json()
    assert first["payment"]["status"] == "awaiting_second_step"
    assert "type the amount (600)" in first["message"]
    bare = await http.post(url, json=answer, headers=API_HEADERS)
    assert bare.status_code == 409 and "Type the amount" in bare.json()["detail"]
    wrong = await http.post(url, json={**answer, "amount": "60"}, headers=API_HEADERS)
    assert wrong.status_code == 409
    paid = (await http.post(url, json={**answer, "amount": "600.00"}, headers=API_HEADERS)).json()
    assert paid["payment"]["status"] == "completed" and paid["message"].startswith("Paid 600.00")


async def test_a_payment_under_review_cannot_be_confirmed_over_rest(
    http: httpx.AsyncClient, chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    clock.current = clock.current.replace(hour=3)
    payment = (await propose(http, chat, people, "pay bob 950"))["payment"]
    assert payment["status"] == "awaiting_review"
    url = f"/v1/payments/{payment['id']}/confirm"
    answer = {"telegram_id": 7001, "details_hash": payment["details_hash"]}
    refused = await http.post(url, json=answer, headers=API_HEADERS)
    assert refused.status_code == 409 and "operator is reviewing" in refused.json()["detail"]
