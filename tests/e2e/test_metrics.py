"""GET /metrics: Prometheus text with what the doors, the ticks and the gateways did."""

from decimal import Decimal
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.composition.container import Container
from core.gateways import GatewayRequest
from core.scheduling.tick import tick
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.conftest import WEBHOOK_HEADERS
from tests.fakes import FrozenClock

People = dict[str, dict[str, Any]]


async def samples(http: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await http.get("/metrics")  # no token: Prometheus scrapes it like /healthz
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


async def test_webhook_updates_are_counted_by_what_became_of_them(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    update = chat.updates.message(people["alice"], "/start")
    await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
    await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)  # re-delivered
    await http.post("/telegram/webhook", json=update)  # no secret
    await http.post("/telegram/webhook", content=b"{not json", headers=WEBHOOK_HEADERS)
    seen = await samples(http)
    counted = {
        result: seen.get(("arcflux_telegram_updates_total", (("result", result),)), 0)
        for result in ("processed", "duplicate", "forbidden", "malformed")
    }
    assert counted == {"processed": 1, "duplicate": 1, "forbidden": 1, "malformed": 1}


async def test_runs_a_tick_finished_are_counted_by_outcome(
    http: httpx.AsyncClient,
    chat: OfflineChat,
    people: People,
    container: Container,
    clock: FrozenClock,
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    card = (await chat.say(people["alice"], "pay bob 10 usdc tomorrow"))[0]
    await chat.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    clock.advance(days=1)
    report = await tick(container.deps)
    container.metrics.tick(report, 0.02)
    seen = await samples(http)
    assert seen[("arcflux_runs_total", (("outcome", "succeeded"),))] == 1
    assert seen[("arcflux_tick_seconds_count", ())] == 1


async def test_gateway_attempts_and_breaker_states_come_from_the_fleet(
    http: httpx.AsyncClient, container: Container
) -> None:
    fleet = container.fleet
    await fleet.rail.send(GatewayRequest("metrics-1", Decimal(1), "USDC", "payer", "payee"))
    seen = await samples(http)
    attempts = sum(v for (name, _), v in seen.items() if name == "arcflux_gateway_attempts_total")
    assert attempts >= 1
    for gateway in fleet.router.gateways:  # every breaker starts closed, and says so
        assert seen[("arcflux_gateway_breaker_state", (("gateway", gateway), ("state", "closed")))]
        assert not seen[
            ("arcflux_gateway_breaker_state", (("gateway", gateway), ("state", "open")))
        ]
    usdc = [
        v
        for (name, labels), v in seen.items()
        if name == "arcflux_gateway_share" and ("asset", "USDC") in labels
    ]
    assert abs(sum(usdc) - 1.0) < 1e-9
