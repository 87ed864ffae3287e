"""The LangGraph routing agent: each node, the whole cycle, and the model's bounded choice."""

import random
from dataclasses import dataclass
from typing import Any

from agents.routing import RoutingAgent
from agents.routing.nodes import Act, ChooseWithModel, Learn, Observe, Reason, explain
from agents.routing.state import RoutingMemory
from core.gateways import Outcome
from core.routing.actions import Action
from core.routing.breaker import BreakerState
from core.routing.router import Router
from lab.routing.bench import run_bench


def router() -> Router:
    return Router({"stripe": ["USDC"], "paypal": ["USDC"], "circle": ["USDC"]}, random.Random(3))


def feed(r: Router, gateway: str, ok: int, bad: int, at: float) -> None:
    for i in range(ok + bad):
        ticket = r.begin(gateway, at)
        r.record(gateway, Outcome.SUCCEEDED if i < ok else Outcome.SERVER_ERROR, 100.0, at, ticket)
        at += 0.001


def failing_paypal() -> Router:
    r = router()
    feed(r, "stripe", 300, 10, 1.0)
    feed(r, "circle", 200, 5, 1.0)
    feed(r, "paypal", 20, 60, 1.0)
    r.reset("paypal", 2.0)  # as if its own breaker had not tripped yet
    return r


def test_observe_reads_the_router_window() -> None:
    r = failing_paypal()
    state = Observe(r)({"at": 10.0})
    assert state["observation"].gateways["paypal"].attempts == 80


def test_reason_proposes_opening_the_failing_gateway_and_explains_why() -> None:
    r = failing_paypal()
    observation = Observe(r)({"at": 10.0})["observation"]
    reasoned = Reason(RoutingMemory())({"at": 10.0, "observation": observation})
    assert ("open_circuit_breaker", "paypal") in {(a.kind, a.gateway) for a in reasoned["chosen"]}
    assert reasoned["chooser"] == "policy" and "open circuit breaker" in reasoned["explanation"]


def test_act_applies_through_the_guardrails() -> None:
    r = failing_paypal()
    applied = Act(r)(
        {"at": 10.0, "chosen": [Action("open_circuit_breaker", "failing", gateway="paypal")]}
    )
    assert applied["applied"][0].applied and r.state("paypal") is BreakerState.OPEN


def test_learn_remembers_this_cycle_and_judges_it_on_the_next() -> None:
    r, memory = failing_paypal(), RoutingMemory()
    agent_learn = Learn(memory)
    first = Observe(r)({"at": 10.0})["observation"]
    action = Action("open_circuit_breaker", "failing", gateway="paypal")
    applied = Act(r)({"at": 10.0, "chosen": [action]})["applied"]
    assert agent_learn({"observation": first, "applied": applied})["learned"] is None
    feed(r, "stripe", 100, 0, 11.0)
    second = Observe(r)({"at": 20.0})["observation"]
    learned = agent_learn({"observation": second, "applied": []})["learned"]
    assert learned is not None and memory.policy.history == [learned]


def test_a_whole_cycle_opens_the_breaker_and_says_what_it_did() -> None:
    r = failing_paypal()
    result = RoutingAgent(r).run(10.0)
    assert r.state("paypal") is BreakerState.OPEN
    assert any(a.applied and a.action.gateway == "paypal" for a in result["applied"])
    assert "paypal" in result["explanation"]


def test_a_quiet_cycle_does_nothing() -> None:
    r = router()
    for g in ("stripe", "paypal", "circle"):
        feed(r, g, 300, 0, 1.0)
    result = RoutingAgent(r).run(10.0)
    assert result["applied"] == [] and result["explanation"] == explain([])
    assert result["explanation"] == "All gateways look healthy; no change."


def test_a_gateway_the_router_already_isolated_is_named_in_the_explanation() -> None:
    r = router()
    feed(r, "stripe", 300, 0, 1.0)
    feed(r, "circle", 300, 0, 1.0)
    feed(r, "paypal", 50, 12, 1.0)  # twelve faults in a row: the router trips it itself
    result = RoutingAgent(r).run(10.0)
    assert "already isolates paypal (open)" in result["explanation"]


@dataclass
class FakeLlm:
    answer: dict[str, Any] | None

    async def structured(
        self, system: str, user: str, name: str, schema: Any
    ) -> dict[str, Any] | None:
        return self.answer


async def test_a_model_may_only_choose_among_the_proposals() -> None:
    proposed = [
        Action("open_circuit_breaker", "a", gateway="paypal"),
        Action("throttle_retries", "b", budget=0.1),
    ]
    pick = ChooseWithModel(FakeLlm({"take": [1, 7, -1, "0"], "explanation": "Retries only."}))  # type: ignore[arg-type]
    chosen = await pick({"proposed": proposed})
    assert chosen["chosen"] == [proposed[1]] and chosen["chooser"] == "llm"
    assert chosen["explanation"] == "Retries only."


async def test_a_failing_model_leaves_the_policy_decision() -> None:
    assert (
        await ChooseWithModel(FakeLlm(None))(
            {"proposed": [Action("throttle_retries", "b", budget=0.1)]}
        )
        == {}
    )  # type: ignore[arg-type]


async def test_the_model_backed_cycle_runs_asynchronously() -> None:
    r = failing_paypal()
    agent = RoutingAgent(r, FakeLlm({"take": [], "explanation": "Holding off."}))  # type: ignore[arg-type]
    result = await agent.arun(10.0)
    assert result["chosen"] == [] and result["explanation"] == "Holding off."
    assert r.state("paypal") is BreakerState.CLOSED


TINY: dict[str, Any] = {
    "name": "tiny",
    "seed": 5,
    "duration_s": 120,
    "tps": 20,
    "issuer_decline_rate": 0.05,
    "timeout_ms": 2000,
    "gateways": {
        "a": {"assets": ["USDC"], "success_rate": 0.97, "latency_ms": {"p50": 100, "p95": 200}},
        "b": {"assets": ["USDC"], "success_rate": 0.95, "latency_ms": {"p50": 120, "p95": 250}},
    },
    "events": [{"at_s": 40, "gateway": "a", "success_rate": 0.0, "failure": "error"}],
}


def test_the_bench_with_the_langgraph_agent_matches_the_plain_cycle() -> None:
    graph = run_bench(TINY, ["adaptive"], agent=lambda r: RoutingAgent(r).run)[0]
    plain = run_bench(TINY, ["adaptive"])[0]
    for key in ("succeeded", "lost", "detect_tx", "false_trips"):
        assert graph[key] == plain[key]
