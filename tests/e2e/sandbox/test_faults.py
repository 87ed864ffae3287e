"""The sandbox Bot API's fault switch: it fails as Telegram does, for a while, then serves again."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from bot.sandbox import SANDBOX_TOKEN, Sandbox
from bot.sandbox.faults import BLOCKED, TelegramFaults
from bot.sandbox.store import SandboxStore, demo_people
from tests.fakes import FrozenClock

BOT = f"/sandbox-api/bot{SANDBOX_TOKEN}"
ALICE, BOB = 9001, 9002


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
async def client(ticker: Ticker) -> AsyncIterator[httpx.AsyncClient]:
    store = SandboxStore(FrozenClock(), demo_people(9900))
    sandbox = Sandbox(store, faults=TelegramFaults(now=ticker))
    app = FastAPI()
    sandbox.mount(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        yield http


async def _send(http: httpx.AsyncClient, chat_id: int) -> httpx.Response:
    return await http.post(f"{BOT}/sendMessage", json={"chat_id": chat_id, "text": "hi"})


async def test_down_answers_502_to_every_call_until_its_time_is_up(
    client: httpx.AsyncClient, ticker: Ticker
) -> None:
    set_ = await client.post("/sandbox/api/faults", json={"mode": "down", "seconds": 5})
    assert set_.json() == {"mode": "down", "seconds_left": 5.0, "chat_ids": []}
    assert (await client.post(f"{BOT}/getMe")).status_code == 502
    assert (await _send(client, ALICE)).json()["error_code"] == 502
    ticker.now += 5
    assert (await client.post(f"{BOT}/getMe")).json()["ok"] is True
    assert (await client.get("/sandbox/api/faults")).json()["mode"] == "ok"


async def test_429_carries_retry_after_as_telegram_does(
    client: httpx.AsyncClient, ticker: Ticker
) -> None:
    await client.post("/sandbox/api/faults", json={"mode": "429", "seconds": 30})
    answer = await _send(client, ALICE)
    assert answer.status_code == 429
    assert answer.json()["parameters"] == {"retry_after": 5}  # capped, so clients come back soon
    ticker.now += 28
    assert (await _send(client, ALICE)).json()["parameters"] == {"retry_after": 2}


async def test_403_refuses_only_messages_to_the_chats_that_blocked_the_bot(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/sandbox/api/faults", json={"mode": "403", "seconds": 9, "chat_ids": [BOB]})
    refused = await _send(client, BOB)
    assert refused.status_code == 403
    assert refused.json()["description"] == BLOCKED
    assert (await _send(client, ALICE)).json()["ok"] is True
    assert (await client.post(f"{BOT}/getUpdates", json={"timeout": 0})).json()["ok"] is True


async def test_ok_ends_a_fault_at_once(client: httpx.AsyncClient) -> None:
    await client.post("/sandbox/api/faults", json={"mode": "down", "seconds": 60})
    await client.post("/sandbox/api/faults", json={"mode": "ok"})
    assert (await _send(client, ALICE)).json()["ok"] is True


async def test_an_unknown_mode_is_refused(client: httpx.AsyncClient) -> None:
    answer = await client.post("/sandbox/api/faults", json={"mode": "flaky", "seconds": 1})
    assert answer.status_code == 422
