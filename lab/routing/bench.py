"""Replay a routing scenario on simulated time against each policy and score them."""

import random
import time
from collections.abc import Callable
from typing import Any

from core.gateways import GatewayRequest, GatewayResult
from core.routing.breaker import BreakerState
from core.routing.rail import RoutedRail
from core.routing.router import Router
from core.routing.simulated import SimulatedGateway
from lab.routing.baselines import BreakerRail, OracleRail, StaticRail
from lab.routing.cycle import AgentCycle
from lab.routing.draws import World, draw_world
from lab.routing.faults import find_faults
from lab.routing.metrics import Trace, summarise
from lab.routing.scenario import Scenario, parse
from lab.routing.simloop import SimLoop
from lab.routing.table import format_table

POLICIES = ("static", "breaker", "adaptive", "oracle")
# Builds the routing agent for a router and returns its cycle step (at → anything). The CLI passes
# the LangGraph agent the service runs; the default is the same steps chained without a graph.
AgentFactory = Callable[[Router], Callable[[float], object]]


def _plain_cycle(router: Router) -> Callable[[float], object]:
    return AgentCycle(router).run


AGENT_PERIOD_S = 10.0


class _Timed:
    """Wraps a decision function and accumulates its CPU time (measurement, not domain time)."""

    def __init__(
        self, fn: Callable[..., str | None], trace: Trace, timer: Callable[[], float]
    ) -> None:
        self._fn, self._trace, self._timer = fn, trace, timer

    def __call__(self, *args: Any, **kwargs: Any) -> str | None:
        start = self._timer()
        name = self._fn(*args, **kwargs)
        self._trace.decision_s += self._timer() - start
        self._trace.decisions += 1
        return name


def _rail(
    policy: str,
    sc: Scenario,
    gws: dict[str, SimulatedGateway],
    loop: SimLoop,
    trace: Trace,
    timer: Callable[[], float],
    agent: AgentFactory = _plain_cycle,
) -> Any:
    def moved(gateway: str, state: BreakerState, at: float, reason: str) -> None:
        trace.moves.append((at, gateway, str(state)))

    rng = random.Random(sc.seed + 1)  # noqa: S311 - the policy's own seeded dice
    weights = sc.weights or {g: 1.0 for g in gws}
    rail: Any
    if policy == "adaptive":
        router = Router({g: gw.assets for g, gw in gws.items()}, rng, listener=moved)
        setattr(router, "choose", _Timed(router.choose, trace, timer))  # noqa: B010
        cycle = agent(router)

        def tick() -> None:
            cycle(loop.now)
            if loop.now + AGENT_PERIOD_S < sc.duration_s:
                loop.call_at(loop.now + AGENT_PERIOD_S, tick)

        loop.call_at(AGENT_PERIOD_S, tick)
        return RoutedRail(router, gws, loop.clock)
    if policy == "static":
        rail = StaticRail(gws, weights, rng, loop.clock)
    elif policy == "breaker":
        rail = BreakerRail(gws, weights, rng, loop.clock, moved)
    elif policy == "oracle":
        rail = OracleRail(gws, weights, rng, loop.clock)
    else:
        raise ValueError(f"unknown policy {policy!r}; choose from {', '.join(POLICIES)}")
    rail.choose = _Timed(rail.choose, trace, timer)
    return rail


def run_policy(
    sc: Scenario,
    world: World,
    policy: str,
    timer: Callable[[], float] = time.process_time,
    agent: AgentFactory = _plain_cycle,
) -> Trace:
    """Replay the scenario against one policy on simulated time."""
    loop, trace = SimLoop(), Trace()

    def attempted(gateway: str, request: GatewayRequest, result: GatewayResult) -> None:
        trace.attempts.append((loop.now, gateway, request.asset))

    gws = {
        g: SimulatedGateway(
            g, assets, sc.profile(g, 0.0), world, sleep=loop.sleep, observer=attempted
        )
        for g, assets in sc.gateways.items()
    }

    def reconfigure() -> None:
        for g, gw in gws.items():
            gw.configure(sc.profile(g, loop.now))

    for at in sc.ticks[1:]:
        loop.call_at(at, reconfigure)
    rail = _rail(policy, sc, gws, loop, trace, timer, agent)

    async def pay(request: GatewayRequest) -> None:
        start = loop.now
        result = await rail.send(request)
        lost = not result.succeeded and (result.gateway_fault or result.gateway == "none")
        trace.payments.append((result.succeeded, lost, (loop.now - start) * 1000.0))

    def arrive(i: int) -> None:
        loop.spawn(pay(world.requests[i]))
        if i + 1 < len(world.arrivals):
            loop.call_at(world.arrivals[i + 1], lambda: arrive(i + 1))

    if world.arrivals:
        loop.call_at(world.arrivals[0], lambda: arrive(0))
    loop.run()
    return trace


def run_bench(
    scenario: dict[str, Any], policies: list[str], agent: AgentFactory = _plain_cycle
) -> list[dict[str, Any]]:
    """Metrics per policy, in the order asked; regret is measured against the oracle."""
    unknown = [p for p in policies if p not in POLICIES]
    if unknown:
        raise ValueError(f"unknown policy {unknown[0]!r}; choose from {', '.join(POLICIES)}")
    sc = parse(scenario)
    world = draw_world(sc)
    faults = find_faults(sc)
    results = {
        p: summarise(p, sc, faults, run_policy(sc, world, p, agent=agent))
        for p in dict.fromkeys([*policies, "oracle"])
    }
    ceiling = results["oracle"]["success_rate"]
    for r in results.values():
        r["regret_pp"] = round(100.0 * (ceiling - r["success_rate"]), 3)
    return [results[p] for p in policies]


__all__ = ["POLICIES", "AgentFactory", "format_table", "run_bench", "run_policy"]
