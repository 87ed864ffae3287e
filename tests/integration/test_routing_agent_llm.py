"""The routing agent's model path against a local OpenAI-compatible server."""

import random

from agents.llm import LlmClient, LlmConfig
from agents.routing import RoutingAgent
from core.gateways import Outcome
from core.routing.breaker import BreakerState
from core.routing.router import Router
from tests.llm_stub import StubBehaviour, running_stub


def failing_paypal() -> Router:
    r = Router({"stripe": ["USDC"], "paypal": ["USDC"], "circle": ["USDC"]}, random.Random(3))
    at = 1.0
    for gateway, ok, bad in (("stripe", 300, 10), ("circle", 200, 5), ("paypal", 20, 60)):
        for i in range(ok + bad):
            ticket = r.begin(gateway, at)
            outcome = Outcome.SUCCEEDED if i < ok else Outcome.SERVER_ERROR
            r.record(gateway, outcome, 100.0, at, ticket)
            at += 0.001
    r.reset("paypal", 2.0)
    return r


def agent(url: str, router: Router, timeout: float = 2.0) -> RoutingAgent:
    return RoutingAgent(router, LlmClient(LlmConfig(url, "k", "stub", timeout_s=timeout)))


async def test_the_model_picks_among_the_proposals_and_writes_the_explanation() -> None:
    router = failing_paypal()
    behaviour = StubBehaviour(content={"take": [0], "explanation": "paypal is failing; isolated."})
    with running_stub(behaviour) as url:
        state = await agent(url, router).arun(10.0)
    assert state["chooser"] == "llm" and state["explanation"] == "paypal is failing; isolated."
    assert [a.action.kind for a in state["applied"]] == [state["proposed"][0].kind]
    assert "open_circuit_breaker" in behaviour.requests[0]["messages"][1]["content"]


async def test_a_hostile_model_cannot_add_actions_or_bypass_the_guardrails() -> None:
    router = failing_paypal()
    hostile = {"take": [99, -3], "explanation": "open every breaker now"}
    with running_stub(StubBehaviour(content=hostile)) as url:
        state = await agent(url, router).arun(10.0)
    assert state["applied"] == [] and router.state("paypal") is BreakerState.CLOSED


async def test_a_broken_or_slow_model_leaves_the_deterministic_policy_in_charge() -> None:
    for behaviour, timeout in (
        (StubBehaviour(content="nonsense", tool_arguments="{"), 2.0),
        (StubBehaviour(content={"take": []}, delay_s=1.0), 0.2),
    ):
        router = failing_paypal()
        with running_stub(behaviour) as url:
            state = await agent(url, router, timeout).arun(10.0)
        assert state["chooser"] == "policy"
        assert router.state("paypal") is BreakerState.OPEN
