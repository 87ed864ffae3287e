"""The audit trail through the doors: Telegram taps, the scheduler and REST each name themselves."""

from typing import Any

import httpx

from bot.telegram.callbacks import parse_pay_answer
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.conftest import API_HEADERS

People = dict[str, dict[str, Any]]


async def trail(http: httpx.AsyncClient, payment_id: str) -> list[tuple[str, str]]:
    response = await http.get("/v1/audit", params={"payment_id": payment_id}, headers=API_HEADERS)
    assert response.status_code == 200
    return [(e["actor"], e["action"]) for e in response.json()]


async def test_a_payment_confirmed_in_telegram_lists_the_payer_then_the_scheduler(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [card] = await chat.say(people["alice"], "pay bob 10 usdc")
    confirm = buttons(card)["Confirm"]
    tapped = parse_pay_answer(confirm)
    assert tapped is not None
    await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    alice = f"person {people['alice']['id']} via Telegram"
    assert await trail(http, tapped.payment_id) == [
        (alice, "propose"),
        (alice, "confirm"),
        ("scheduler", "run"),
        ("scheduler", "run"),
        ("scheduler", "close"),
    ]


async def test_a_series_cancelled_through_a_personal_token_names_the_token(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [card] = await chat.say(people["alice"], "pay bob 5 usdc every monday")
    confirm = buttons(card)["Confirm"]
    tapped = parse_pay_answer(confirm)
    assert tapped is not None
    await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    [made] = await chat.say(people["alice"], "/token new laptop pay")
    laptop = {"Authorization": f"Bearer {made.params['text'].splitlines()[1]}"}
    cancelled = await http.post(f"/v1/payments/{tapped.payment_id}/cancel", json={}, headers=laptop)
    assert cancelled.status_code == 200
    alice = people["alice"]["id"]
    assert (await trail(http, tapped.payment_id))[-1] == (
        f"person {alice} via token laptop",
        "cancel",
    )


async def test_a_payment_proposed_and_confirmed_through_a_token_names_the_token(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [made] = await chat.say(people["alice"], "/token new laptop pay")
    laptop = {"Authorization": f"Bearer {made.params['text'].splitlines()[1]}"}
    proposed = await http.post("/v1/commands", json={"text": "pay bob 7"}, headers=laptop)
    payment = proposed.json()["payment"]
    answer = {"details_hash": payment["details_hash"]}
    await http.post(f"/v1/payments/{payment['id']}/confirm", json=answer, headers=laptop)
    via = f"person {people['alice']['id']} via token laptop"
    assert (await trail(http, payment["id"]))[:2] == [(via, "propose"), (via, "confirm")]


async def test_the_audit_needs_a_token(http: httpx.AsyncClient) -> None:
    assert (await http.get("/v1/audit", params={"payment_id": "x"})).status_code == 401
