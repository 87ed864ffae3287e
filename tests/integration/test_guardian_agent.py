"""The guardian agent: features from the ledger, the rules, and an optional LLM opinion."""

import dataclasses
import json
from decimal import Decimal
from typing import Any

import httpx
from openai import AsyncOpenAI

from agents.guardian import GuardianAgent, build_graph
from agents.guardian.opinion import build_advisor
from agents.llm import LlmClient, LlmConfig
from bot.composition.container import Container
from bot.composition.from_settings import llm_from
from bot.settings import Settings
from core import people
from core.accounts import onboarding
from core.deps import Deps, RiskRequest
from core.entities import RiskLevel
from core.guardian import limits
from core.intent import Intent
from core.payments import proposals
from core.schedule import Schedule
from tests.fakes import FrozenClock

ALICE, BOB = 1, 2
OPINION = "Consistent with a first payment to a new contact; nothing unusual."


def stub_llm(seen: list[dict[str, Any]], status: int = 200) -> httpx.AsyncClient:
    """A tiny OpenAI-compatible endpoint answering every chat completion with OPINION."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        if status != 200:
            return httpx.Response(status, json={"error": {"message": "down"}})
        return httpx.Response(
            200,
            json={
                "id": "c1",
                "object": "chat.completion",
                "created": 0,
                "model": "stub",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": OPINION},
                    }
                ],
            },
        )

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


def with_advisor(deps: Deps, client: httpx.AsyncClient) -> Deps:
    config = LlmConfig(base_url="http://llm.test/v1", api_key="k", model="stub-model")
    openai = AsyncOpenAI(base_url=config.base_url, api_key="k", max_retries=0, http_client=client)
    advisor = build_advisor(LlmClient(config, openai))
    return dataclasses.replace(deps, guardian=GuardianAgent(deps.uow, deps.policy, advisor))


async def ask(deps: Deps, payee: str, amount: str, schedule: Schedule | None = None) -> Any:
    async with deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
    intent = Intent(kind="pay", recipient=payee, amount=Decimal(amount), schedule=schedule)
    return await proposals.propose(deps, payer, intent)


async def users(container: Container) -> str:
    await onboarding.start(container.deps, ALICE, "Alice", "alice")
    return (await onboarding.start(container.deps, BOB, "Bob", "bob")).user.id


def test_the_graph_runs_features_then_rules_then_an_optional_opinion_then_decides(
    container: Container,
) -> None:
    graph = build_graph(container.deps.uow, container.deps.policy).get_graph()
    edges = {(e.source, e.target) for e in graph.edges}
    assert {("__start__", "features"), ("features", "rules"), ("rules", "opinion")} <= edges
    assert {("rules", "decide"), ("opinion", "decide"), ("decide", "__end__")} <= edges


async def test_the_opinion_is_stored_beside_an_unchanged_decision(container: Container) -> None:
    bob = await users(container)
    plain = await ask(container.deps, bob, "600")
    seen: list[dict[str, Any]] = []
    advised = await ask(with_advisor(container.deps, stub_llm(seen)), bob, "600")
    assert advised.assessment.opinion == OPINION and plain.assessment.opinion is None
    assert (advised.assessment.score, advised.assessment.level, advised.assessment.rule_hits) == (
        plain.assessment.score,
        plain.assessment.level,
        plain.assessment.rule_hits,
    )
    async with container.deps.uow() as uow:
        [stored] = await uow.assessments.for_payment(advised.payment.id)
    assert stored.opinion == OPINION
    assert seen[0]["model"] == "stub-model" and '"score": 45' in seen[0]["messages"][1]["content"]


async def test_a_failing_llm_means_no_opinion_and_the_payment_goes_on(
    container: Container,
) -> None:
    bob = await users(container)
    seen: list[dict[str, Any]] = []
    advised = await ask(with_advisor(container.deps, stub_llm(seen, status=500)), bob, "10")
    assert seen and advised.assessment.opinion is None
    assert advised.assessment.level is RiskLevel.ALLOW


def settings(base_url: str | None = None, model: str | None = None) -> Settings:
    return Settings(_env_file=None, llm_base_url=base_url, llm_model=model)  # type: ignore[call-arg]


async def test_no_llm_configured_means_no_advisor() -> None:
    assert build_advisor(None) is None
    assert llm_from(settings(base_url="http://x/v1")) is None
    assert llm_from(settings(model="m")) is None


async def test_a_local_endpoint_without_a_key_is_enough_for_a_model() -> None:
    assert llm_from(settings("http://x/v1", "m")) is not None


async def test_features_come_from_the_ledger(container: Container, clock: FrozenClock) -> None:
    bob = await users(container)
    deps = container.deps
    for _ in range(3):
        p = (await ask(deps, bob, "10")).payment
        await proposals.answer(deps, p.id, p.details_hash, ALICE, True)
        clock.advance(minutes=10)
    await limits.lower(deps, ALICE, "recipient", Decimal(500))
    async with deps.uow() as uow:
        alice = await people.registered_user(uow, ALICE)
    weekly = Schedule(first_run=clock.now(), timezone="UTC", rrule="FREQ=WEEKLY")
    request = RiskRequest(alice.id, bob, Decimal(100), "USDC", weekly, at=clock.now())
    assessed = await deps.guardian.assess(request)
    f = assessed.features
    assert (f.new_recipient, f.count_hour, f.count_day) == (False, 3, 3)
    assert (f.spent_day, f.sent_to_payee_day, f.median_amount) == (30, 30, 10)
    assert f.per_recipient_day_limit == 500 and f.per_day_limit == 20_000
    assert (f.recurring, f.min_interval_seconds, f.runs_next_30d) == (True, 7 * 86400, 5)
    assert f.local_hour == 10 and f.available_balance == 970
    assert "unusual_amount" in assessed.decision.hits  # 100 is 10× the median of 10


async def test_without_an_advisor_the_direct_chain_decides_as_the_compiled_graph_does(
    container: Container, clock: FrozenClock
) -> None:
    bob = await users(container)
    deps = container.deps
    async with deps.uow() as uow:
        alice = await people.registered_user(uow, ALICE)
    graph = build_graph(deps.uow, deps.policy)
    agent = GuardianAgent(deps.uow, deps.policy)
    for amount in ("5", "950", "5000"):  # allowed, large, over the balance
        request = RiskRequest(alice.id, bob, Decimal(amount), "USDC", Schedule.once(clock.now()))
        through_graph = (await graph.ainvoke({"request": request}))["assessed"]
        assert await agent.assess(request) == through_graph
