"""Incidents reach operators once, through the real handlers, and resolve on recovery."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from agents.routing import RoutingAgent
from bot.composition.container import Container
from bot.operations import Operations
from bot.rails import build_fleet
from bot.telegram.notifier import TelegramNotifier
from core.gateways import GatewayRequest
from core.scheduling.tick import deliver
from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.e2e.conftest import API_HEADERS, OPERATOR_ID

People = dict[str, dict[str, Any]]


class RouterTime:
    """The fleet's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def operations(container: Container, chat: OfflineChat) -> tuple[Operations, RouterTime]:
    time = RouterTime()
    fleet = build_fleet(seed=5, clock=time)
    ops = Operations(
        container.deps, fleet, RoutingAgent(fleet.router), container.ops.store, timedelta(hours=1)
    )
    chat.application.bot_data.bound = replace(container, fleet=fleet, ops=ops)
    return ops, time


async def traffic(ops: Operations, time: RouterTime, n: int, tag: str) -> None:
    for i in range(n):
        time.now += 0.05
        await ops.fleet.rail.send(GatewayRequest(f"{tag}-{i}", Decimal(1), "USDC", "p", "q"))


async def alerts(container: Container, chat: OfflineChat) -> list[SentCall]:
    before = len(chat.api.calls)
    await deliver(container.deps, TelegramNotifier(chat.application.bot))
    return [c for c in chat.api.calls[before:] if c.params.get("chat_id") == OPERATOR_ID]


def toast(calls: list[SentCall]) -> str:
    return str(next(c for c in calls if c.method == "answerCallbackQuery").params.get("text", ""))


async def test_an_outage_alerts_operators_once_and_an_operator_acknowledges_it(
    container: Container, chat: OfflineChat, people: People
) -> None:
    ops, time = operations(container, chat)
    await traffic(ops, time, 200, "calm")
    assert (await ops.cycle())[1] == []
    ops.fleet.gateways["circle"].set_failure(1.0, "error")
    await traffic(ops, time, 200, "storm")
    _, changes = await ops.cycle()
    assert [(c.kind, c.incident.gateway) for c in changes] == [("opened", "circle")]
    await traffic(ops, time, 200, "still")
    _, later = await ops.cycle()
    assert all(c.kind == "updated" for c in later)
    [alert] = await alerts(container, chat)
    assert alert.params["text"].startswith("Incident on circle")
    assert set(buttons(alert)) == {"Acknowledge", "Chart"}
    ack = buttons(alert)["Acknowledge"]
    assert toast(await chat.tap(people["alice"], ack, 9, OPERATOR_ID)) == (
        "Only operators can acknowledge incidents."
    )
    assert toast(await chat.tap(people["olga"], ack, 9, OPERATOR_ID)) == "Acknowledged: circle."
    assert toast(await chat.tap(people["olga"], ack, 9, OPERATOR_ID)) == "Already acknowledged."
    chart = await chat.tap(people["olga"], buttons(alert)["Chart"], 9, OPERATOR_ID)
    assert any(c.method == "sendPhoto" for c in chart)


async def test_recovery_resolves_the_incident_and_says_so(
    container: Container, chat: OfflineChat
) -> None:
    ops, time = operations(container, chat)
    ops.fleet.gateways["circle"].set_failure(1.0, "error")
    await traffic(ops, time, 300, "storm")
    await ops.cycle()
    await alerts(container, chat)
    ops.fleet.gateways["circle"].restore()
    resolved = []
    for cycle in range(12):  # two simulated minutes of healthy traffic, a cycle every 10 s
        await traffic(ops, time, 200, f"calm{cycle}")
        resolved += [c for c in (await ops.cycle())[1] if c.kind == "resolved"]
    assert [c.incident.gateway for c in resolved] == ["circle"]
    [notice] = await alerts(container, chat)
    assert notice.params["text"].startswith("Resolved: circle has recovered")


async def test_operator_commands_are_refused_to_everyone_else(
    chat: OfflineChat, people: People
) -> None:
    for command in ("/gateways", "/incidents", "/chaos circle fail 1", "/breaker circle open"):
        [reply] = await chat.say(people["alice"], command)
        assert reply.params["text"] == "That command is for operators."


async def test_operators_inspect_and_steer_the_fleet(
    container: Container, chat: OfflineChat, people: People
) -> None:
    ops, time = operations(container, chat)
    await traffic(ops, time, 100, "warm")
    olga = people["olga"]
    status = (await chat.say(olga, "/gateways"))[0].params["text"]
    assert "circle: closed" in status and "stripe: closed" in status
    said = (await chat.say(olga, "/chaos circle fail 0.5 timeout"))[0].params["text"]
    assert said == "circle now fails 50% of attempts (timeout) on every process."
    assert ops.fleet.gateways["circle"].success_rate == 0.5
    bad = (await chat.say(olga, "/chaos circle fail 7"))[0].params["text"]
    assert bad.startswith("Use: /chaos")
    opened = (await chat.say(olga, "/breaker circle open"))[0].params["text"]
    assert opened == "circle's breaker is open on every process; its traffic goes elsewhere."
    assert ops.fleet.router.state("circle").value == "open"
    kept = (await chat.say(olga, "/breaker stripe open"))[0].params["text"]
    assert kept == "stripe is the last working gateway for USDC; I kept it closed."
    report = (await chat.say(olga, "/agent"))[0].params["text"]
    assert report.startswith("Routing cycle:")


async def test_rest_shows_gateways_injects_chaos_runs_a_cycle_and_lists_incidents(
    container: Container, http: Any
) -> None:
    assert (await http.get("/v1/gateways")).status_code == 401
    listed = (await http.get("/v1/gateways", headers=API_HEADERS)).json()
    assert {g["name"] for g in listed} == {"stripe", "paypal", "razorpay", "circle"}
    bad = await http.post(
        "/v1/gateways/nope/chaos", json={"action": "restore"}, headers=API_HEADERS
    )
    assert bad.status_code == 404  # no such gateway: a missing resource
    chaos = await http.post(
        "/v1/gateways/circle/chaos", json={"action": "fail", "rate": 1.0}, headers=API_HEADERS
    )
    assert chaos.json() == {"result": "circle now fails 100% of attempts (error) on every process."}
    ops = container.ops
    for i in range(300):
        await ops.fleet.rail.send(GatewayRequest(f"r{i}", Decimal(1), "USDC", "p", "q"))
    cycle = (await http.post("/v1/routing/cycle", headers=API_HEADERS)).json()
    assert "opened:circle" in cycle["incidents"]
    incidents = (await http.get("/v1/incidents", headers=API_HEADERS)).json()
    assert incidents[0]["gateway"] == "circle" and incidents[0]["status"] == "open"
