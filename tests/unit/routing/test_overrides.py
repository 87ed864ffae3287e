"""Fleet-wide overrides: parsed strictly, applied once per revision, published by the leader."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import DomainError
from core.gateways import GatewayResult, Outcome
from core.routing.actions import Action, Applied, GatewayHealth, Observation
from core.routing.fleet_totals import with_other_processes
from core.routing.guardrails import apply
from core.routing.overrides import (
    InProcessOverrides,
    OverrideFollower,
    agent_changes,
    breaker_key,
    chaos_key,
)
from core.routing.router import Router
from core.routing.simulated import Profile, RandomDraws, SimulatedGateway
from core.routing.status import breaker_change, chaos_change
from tests.unit.routing.fakes import request

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)
ASSETS = {"stripe": {"USDC", "USD"}, "circle": {"USDC"}, "paypal": {"USD"}}


def process() -> tuple[Router, dict[str, SimulatedGateway], OverrideFollower]:
    """One process's router and gateways, and its follower of the shared overrides."""
    draws = RandomDraws(random.Random(1))
    gateways = {
        n: SimulatedGateway(n, a, Profile(0.97, 100, 200), draws) for n, a in ASSETS.items()
    }
    router = Router(ASSETS, random.Random(2))
    return router, gateways, OverrideFollower(router, gateways, lambda: 100.0)


async def test_an_operators_breaker_move_applies_on_every_following_process() -> None:
    store = InProcessOverrides()
    one, two = process(), process()
    change = breaker_change(one[0], ["circle", "open"])
    assert change.reply == "circle's breaker is open on every process; its traffic goes elsewhere."
    await store.put(change.key, change.value, T0, "operator 1")
    for router, _, follower in (one, two):
        assert follower.follow(await store.current(), T0) == [breaker_key("circle")]
        assert router.state("circle").value == "open"


async def test_each_revision_is_applied_once() -> None:
    store = InProcessOverrides()
    _, gateways, follower = process()
    await store.put(
        chaos_key("circle"), chaos_change(gateways, ["circle", "fail", "1"]).value, T0, "o"
    )
    assert follower.follow(await store.current(), T0) == [chaos_key("circle")]
    gateways["circle"].restore()  # changed locally since: the same revision is not replayed
    assert follower.follow(await store.current(), T0) == []
    assert gateways["circle"].success_rate == 0.97
    await store.put(chaos_key("circle"), {"restore": True}, T0, "o")
    assert follower.follow(await store.current(), T0) == [chaos_key("circle")]


async def test_a_starting_process_skips_old_breaker_moves_but_takes_chaos_and_weights() -> None:
    store = InProcessOverrides()
    long_ago = T0 - timedelta(minutes=10)
    await store.put(breaker_key("circle"), {"move": "open"}, long_ago, "operator 1")
    await store.put(
        chaos_key("paypal"),
        {"success_rate": 0.4, "p50_ms": 1, "p95_ms": 2, "failure": "timeout"},
        long_ago,
        "o",
    )
    await store.put("weights:USDC", {"weights": {"stripe": 70.0, "circle": 30.0}}, long_ago, "a")
    router, gateways, follower = process()
    assert sorted(follower.follow(await store.current(), T0)) == ["chaos:paypal", "weights:USDC"]
    assert router.state("circle").value == "closed"
    assert gateways["paypal"].profile.failure == "timeout"
    assert router.weights("USDC") == {"stripe": 70.0, "circle": 30.0}


async def test_a_fresh_breaker_move_applies_on_a_starting_process() -> None:
    store = InProcessOverrides()
    await store.put(breaker_key("circle"), {"move": "open"}, T0 - timedelta(seconds=5), "o")
    router, _, follower = process()
    follower.follow(await store.current(), T0)
    assert router.state("circle").value == "open"


async def test_overrides_for_what_this_process_does_not_know_are_ignored() -> None:
    store = InProcessOverrides()
    await store.put(breaker_key("adyen"), {"move": "open"}, T0, "o")
    await store.put("weights:JPY", {"weights": {"adyen": 100.0}}, T0, "o")
    _, _, follower = process()
    assert follower.follow(await store.current(), T0) == []


def test_chaos_is_parsed_into_a_profile_and_says_it_applies_everywhere() -> None:
    _, gateways, _ = process()
    change = chaos_change(gateways, ["circle", "slow", "300", "900"])
    assert change.reply == "circle latency is now p50 300 ms, p95 900 ms on every process."
    assert change.value == {
        "success_rate": 0.97,
        "p50_ms": 300.0,
        "p95_ms": 900.0,
        "failure": "error",
    }
    assert gateways["circle"].profile.p50_ms == 100  # parsing changes nothing by itself
    with pytest.raises(DomainError):
        chaos_change(gateways, ["circle", "fail", "2"])


def test_the_agents_applied_actions_become_overrides_for_the_other_processes() -> None:
    router, _, _ = process()
    actions = [
        Action("open_circuit_breaker", "down", gateway="circle"),
        Action("reroute_traffic", "worse", asset="USD", weights={"stripe": 80.0, "paypal": 20.0}),
        Action("throttle_retries", "storm", budget=0.05),
    ]
    applied = apply(actions, router, 1.0)
    changes = {c.key: c.value for c in agent_changes(router, applied)}
    assert changes[breaker_key("circle")]["move"] == "open"
    assert changes["weights:USD"] == {"weights": router.weights("USD")}
    assert changes["retry_ratio"] == {"ratio": router.budget.ratio}
    refused = [Applied(Action("open_circuit_breaker", "x", gateway="stripe"), False)]
    assert agent_changes(router, refused) == []


def health(name: str, technical: int, success: float | None) -> GatewayHealth:
    return GatewayHealth(name, ("USDC",), "closed", 0.9, 50, technical, technical, success, 100.0)


def test_incident_planning_sums_the_other_processes_attempts_in() -> None:
    seen = Observation(
        1.0,
        10.0,
        {"circle": health("circle", 10, 1.0), "stripe": health("stripe", 0, None)},
        {"USDC": ("circle", "stripe")},
        {},
        10,
        0,
        0.2,
        1.0,
    )
    fleet = with_other_processes(seen, {"circle": (30, 0), "stripe": (20, 19), "adyen": (5, 5)})
    # 10 of 10 here, 0 of 30 elsewhere: the fleet saw circle fail three attempts in four.
    assert fleet.gateways["circle"].window_success == 0.25
    assert fleet.gateways["circle"].technical == 40
    assert fleet.gateways["stripe"].window_success == 0.95
    assert "adyen" not in fleet.gateways


class SharedMemory:
    """Another process's view of the gateways' memory: the first result kept wins."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], GatewayResult] = {}

    async def keep(self, gateway: str, key: str, result: GatewayResult) -> GatewayResult:
        return self.kept.setdefault((gateway, key), result)

    async def find(self, gateway: str, key: str) -> GatewayResult | None:
        return self.kept.get((gateway, key))


async def test_a_gateway_with_shared_memory_answers_the_other_processes_charge() -> None:
    memory = SharedMemory()
    earlier = GatewayResult("circle", Outcome.SUCCEEDED, 80.0, "circle-1")
    memory.kept[("circle", "run-1")] = earlier
    logged: list[str] = []
    gw = SimulatedGateway(
        "circle",
        ["USDC"],
        Profile(1.0, 100, 200),
        RandomDraws(random.Random(3)),
        observer=lambda name, req, result: logged.append(req.idempotency_key),
        shared=memory,
    )
    assert await gw.lookup("run-1") == earlier
    assert await gw.charge(request("run-1")) == earlier
    assert logged == []  # not a new charge
    fresh = await gw.charge(request("run-2"))
    assert memory.kept[("circle", "run-2")] is fresh and logged == ["run-2"]


class UnreachableMemory(SharedMemory):
    async def keep(self, gateway: str, key: str, result: GatewayResult) -> GatewayResult:
        raise ConnectionError("database down")


async def test_an_unreachable_shared_memory_does_not_fail_the_charge() -> None:
    gw = SimulatedGateway(
        "circle",
        ["USDC"],
        Profile(1.0, 100, 200),
        RandomDraws(random.Random(3)),
        shared=UnreachableMemory(),
    )
    first = await gw.charge(request("run-1"))
    assert first.succeeded and await gw.charge(request("run-1")) is first  # kept locally
