"""The webhook door: only Telegram (holding the secret) gets updates processed."""

import json

import httpx

from bot.telegram.offline import OfflineChat
from tests.e2e.conftest import WEBHOOK_HEADERS


async def test_an_update_with_the_right_secret_is_processed(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
    assert response.status_code == 200
    replies = chat.api.sent()
    assert len(replies) == 1 and "Welcome, Alice" in replies[0].params["text"]


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_processed(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    wrong = await http.post(
        "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
    )
    missing = await http.post("/telegram/webhook", json=update)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert chat.api.sent() == []


async def test_a_malformed_body_is_a_bad_request(
    http: httpx.AsyncClient, chat: OfflineChat
) -> None:
    response = await http.post("/telegram/webhook", content=b"{not json", headers=WEBHOOK_HEADERS)
    assert response.status_code == 400
    assert chat.api.sent() == []


async def test_an_oversized_body_is_refused(http: httpx.AsyncClient) -> None:
    body = json.dumps({"update_id": 1, "padding": "x" * 1_100_000})
    response = await http.post("/telegram/webhook", content=body, headers=WEBHOOK_HEADERS)
    assert response.status_code == 413


async def test_health_reports_ok_with_the_database_up(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
