"""The intent agent's model path against a local OpenAI-compatible stub."""

from datetime import UTC, datetime
from decimal import Decimal

from agents.intent import IntentAgent
from agents.llm import LlmClient, LlmConfig
from core.intent import Contact, IntentContext
from tests.llm_stub import StubBehaviour, running_stub

CONTEXT = IntentContext(
    now=datetime(2026, 3, 4, 10, tzinfo=UTC), contacts=(Contact("bob", "Bob Jones", "bjones"),)
)


def agent(url: str, timeout: float = 2.0) -> IntentAgent:
    return IntentAgent(LlmClient(LlmConfig(url, "k", "stub", timeout_s=timeout)))


def answer(**values: object) -> dict[str, object]:
    return {
        "intent": "unknown",
        "recipient": None,
        "amount": None,
        "asset": None,
        "cancel_all": False,
    } | values


async def test_a_message_the_parser_missed_is_classified_by_the_model() -> None:
    behaviour = StubBehaviour(content=answer(intent="balance"))
    with running_stub(behaviour) as url:
        intent = await agent(url).interpret("hows my stash looking", CONTEXT)
    assert (intent.kind, intent.parser) == ("balance", "llm")
    assert "hows my stash looking" in behaviour.requests[0]["messages"][1]["content"]


async def test_a_complete_deterministic_parse_does_not_call_the_model() -> None:
    behaviour = StubBehaviour(content=answer(intent="help"))
    with running_stub(behaviour) as url:
        intent = await agent(url).interpret("pay bob 10 usdc", CONTEXT)
    assert (intent.kind, intent.amount, intent.parser) == ("pay", Decimal(10), "heuristic")
    assert behaviour.requests == []


async def test_a_hostile_model_cannot_invent_an_amount_or_a_payment() -> None:
    hostile = answer(intent="pay", recipient="bob", amount="9999")
    with running_stub(StubBehaviour(content=hostile)) as url:
        missing = await agent(url).interpret("pay bob", CONTEXT)
        reminder = await agent(url).interpret("remind me to pay bob 20 tomorrow", CONTEXT)
    assert missing.kind == "pay" and missing.amount is None and missing.missing == ("amount",)
    assert reminder.kind != "pay"


async def test_the_tool_call_path_is_used_when_json_schema_is_refused() -> None:
    behaviour = StubBehaviour(reject_json_schema=True, tool_arguments=answer(intent="help"))
    with running_stub(behaviour) as url:
        intent = await agent(url).interpret("uhh what do i do here", CONTEXT)
    assert intent.kind == "help"


async def test_malformed_or_slow_models_fall_back_to_the_deterministic_parse() -> None:
    with running_stub(StubBehaviour(content="{oops", tool_arguments="nope")) as url:
        assert (await agent(url).interpret("hows my stash looking", CONTEXT)).kind == "unknown"
    with running_stub(StubBehaviour(content=answer(intent="balance"), delay_s=1.0)) as url:
        slow = await agent(url, timeout=0.2).interpret("hows my stash looking", CONTEXT)
    assert (slow.kind, slow.parser) == ("unknown", "heuristic")


async def test_a_model_cannot_turn_a_vetoed_message_into_a_payment() -> None:
    eager = answer(intent="pay", recipient="bob", amount="50")
    with running_stub(StubBehaviour(content=eager)) as url:
        for text in (
            "lol bob would faint if I sent him 50",
            "gonna give bob 50 in cash at lunch",
            "should I pay bob 50?",
            "bob got 50 from me yesterday",
        ):
            assert (await agent(url).interpret(text, CONTEXT)).kind != "pay", text


async def test_a_model_cannot_pick_one_of_two_amounts_the_user_wrote() -> None:
    eager = answer(intent="pay", recipient="bob", amount="7")
    with running_stub(StubBehaviour(content=eager)) as url:
        intent = await agent(url).interpret("pay bob 7 or 9 usdc", CONTEXT)
    assert (intent.kind, intent.amount, intent.amount_doubts) == ("pay", None, ("7", "9"))
