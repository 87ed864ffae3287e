"""REST: the same pipeline over HTTP, behind a bearer token."""

from typing import Any

import httpx

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat
from tests.e2e.conftest import deliver_outbox, token_headers


async def test_rest_calls_without_a_valid_token_are_refused(http: httpx.AsyncClient) -> None:
    body = {"telegram_id": 7001, "text": "pay bob 10"}
    assert (await http.post("/v1/commands", json=body)).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert (await http.post("/v1/commands", json=body, headers=bad)).status_code == 401
    assert (
        await http.post(
            "/v1/payments/x/confirm", json={"telegram_id": 1, "details_hash": "0123456789"}
        )
    ).status_code == 401


async def test_a_command_returns_the_proposal_and_confirm_pays(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: dict[str, dict[str, Any]],
    container: Container,
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    alices = await token_headers(container, 7001)  # Alice's own pay token
    response = await http.post(
        "/v1/commands", json={"telegram_id": 7001, "text": "pay bob 12.5"}, headers=alices
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "proposal"
    payment = body["payment"]
    assert (payment["amount"], payment["asset"], payment["status"]) == (
        "12.5",
        "USDC",
        "awaiting_confirmation",
    )
    confirm = await http.post(
        f"/v1/payments/{payment['id']}/confirm",
        json={"telegram_id": 7001, "details_hash": payment["details_hash"]},
        headers=alices,
    )
    assert confirm.status_code == 200 and confirm.json()["payment"]["status"] == "completed"
    replay = await http.post(
        f"/v1/payments/{payment['id']}/confirm",
        json={"telegram_id": 7001, "details_hash": payment["details_hash"]},
        headers=alices,
    )
    assert replay.status_code == 409


async def test_a_user_error_comes_back_as_a_plain_message(
    http: httpx.AsyncClient, container: Container
) -> None:
    nobodys = await token_headers(container, 999)  # a token of someone with no wallet
    response = await http.post(
        "/v1/commands", json={"telegram_id": 999, "text": "pay bob 10"}, headers=nobodys
    )
    assert response.json() == {
        "kind": "error",
        "message": "Send /start first so I can open your wallet.",
        "payment": None,
    }


async def test_a_payment_confirmed_over_rest_is_told_in_chat_to_payer_and_payee(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: dict[str, dict[str, Any]],
    container: Container,
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    alices = await token_headers(container, 7001)
    body = {"telegram_id": 7001, "text": "pay bob 7"}
    payment = (await http.post("/v1/commands", json=body, headers=alices)).json()["payment"]
    await http.post(
        f"/v1/payments/{payment['id']}/confirm",
        json={"telegram_id": 7001, "details_hash": payment["details_hash"]},
        headers=alices,
    )
    told = [
        (c.params["chat_id"], str(c.params["text"]))
        for c in await deliver_outbox(chat, container)
        if c.method == "sendMessage"
    ]
    assert (7002, "You received 7.00 USDC from “Alice”.") in told
    alice = [text for who, text in told if who == 7001]
    # The receipt, and which of her tokens did it (so a stolen token cannot pay unnoticed).
    assert any(text.startswith("Paid 7.00 USDC to “Bob”.") for text in alice)
    assert any("via your token tests" in text for text in alice)
