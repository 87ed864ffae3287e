"""Personal and service tokens end to end: /token in chat, then REST as that token."""

from typing import Any

import httpx

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat
from tests.e2e.conftest import API_HEADERS, deliver_outbox


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


async def test_a_service_token_naming_a_person_is_refused(http: httpx.AsyncClient) -> None:
    body = {"telegram_id": 7001, "text": "pay bob 1"}
    response = await http.post("/v1/commands", json=body, headers=API_HEADERS)
    assert response.status_code == 403 and "never acts for a person" in response.text


async def test_a_laptop_token_made_in_chat_pays_for_its_owner_only_and_everyone_is_told(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: dict[str, dict[str, Any]],
    container: Container,
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [reply] = await chat.say(people["alice"], "/token new laptop pay")
    assert "will not be shown again" in reply.params["text"]
    laptop = bearer(reply.params["text"].splitlines()[1])
    stolen = await http.post(
        "/v1/commands", json={"telegram_id": 7002, "text": "pay alice 1"}, headers=laptop
    )
    assert stolen.status_code == 403
    proposed = await http.post("/v1/commands", json={"text": "pay bob 7"}, headers=laptop)
    payment = proposed.json()["payment"]
    answer = {"details_hash": payment["details_hash"]}
    url = f"/v1/payments/{payment['id']}/confirm"
    foreign = await http.post(url, json={**answer, "telegram_id": 7002}, headers=laptop)
    assert foreign.status_code == 403
    confirmed = await http.post(url, json=answer, headers=laptop)
    assert confirmed.json()["payment"]["status"] == "completed"
    told = [
        (c.params["chat_id"], str(c.params["text"]))
        for c in await deliver_outbox(chat, container)
        if c.method == "sendMessage"
    ]
    assert (7002, "You received 7.00 USDC from “Alice”.") in told
    assert any(who == 7001 and "via your token laptop" in text for who, text in told)
    [listing] = await chat.say(people["alice"], "/token")
    assert "laptop (pay), last used 20" in listing.params["text"]
    await chat.say(people["alice"], "/token revoke laptop")
    gone = await http.post("/v1/commands", json={"text": "balance"}, headers=laptop)
    assert gone.status_code == 401
