"""REST routes take their services from typed dependencies, so a test can swap any one of them."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from bot.api.app import create_app
from bot.api.dependencies import fleet_of, metrics_of, telegram_of
from bot.composition.container import Container
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet, build_fleet
from lab.offline_telegram import OfflineChat
from tests.e2e.conftest import API_HEADERS, WEBHOOK_HEADERS


@pytest.fixture
def app(container: Container, chat: OfflineChat) -> FastAPI:
    return create_app(container, telegram=chat.application)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://arcflux.test") as http:
        yield http


class CannedMetrics(ServiceMetrics):
    """Metrics whose exposition is a fixed text, and which remember webhook outcomes."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[str] = []

    def exposition(self) -> bytes:
        return b"canned 1\n"

    def update(self, result: str) -> None:
        self.outcomes.append(result)


async def test_an_overridden_metrics_dependency_is_what_the_routes_use(
    app: FastAPI, client: httpx.AsyncClient, chat: OfflineChat
) -> None:
    canned = CannedMetrics()
    app.dependency_overrides[metrics_of] = lambda: canned
    assert (await client.get("/metrics")).text == "canned 1\n"
    update = chat.updates.message(chat.updates.user(7001, "Alice", "alice"), "/start")
    await client.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
    assert canned.outcomes == ["processed"]


async def test_overriding_the_telegram_dependency_with_none_closes_the_webhook(
    app: FastAPI, client: httpx.AsyncClient, chat: OfflineChat
) -> None:
    app.dependency_overrides[telegram_of] = lambda: None
    update = chat.updates.message(chat.updates.user(7001, "Alice", "alice"), "/start")
    response = await client.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
    assert response.status_code == 403


async def test_gateway_routes_read_the_fleet_they_are_given(
    app: FastAPI, client: httpx.AsyncClient, container: Container
) -> None:
    other: Fleet = build_fleet(seed=3)
    other.gateways["paypal"].set_failure(1.0, "error")
    app.dependency_overrides[fleet_of] = lambda: other
    chaos = await client.post(
        "/v1/gateways/circle/chaos", json={"action": "fail", "rate": 0.5}, headers=API_HEADERS
    )
    assert chaos.status_code == 200
    assert other.gateways["circle"].success_rate == 0.5
    assert container.fleet.gateways["circle"].success_rate != 0.5  # the real fleet is untouched
    listed = (await client.get("/v1/gateways", headers=API_HEADERS)).json()
    assert {g["name"]: g["configured_success"] for g in listed}["paypal"] == 0.0
