"""The LLM client against a real local OpenAI-compatible server."""

import pytest

from agents.llm import LlmClient, LlmConfig
from tests.llm_stub import StubBehaviour, running_stub

SCHEMA = {"type": "object", "properties": {"intent": {"type": "string"}}, "required": ["intent"]}


def client(url: str, timeout: float = 2.0) -> LlmClient:
    return LlmClient(LlmConfig(base_url=url, api_key="test", model="stub", timeout_s=timeout))


async def test_json_schema_output_is_returned_as_a_dict() -> None:
    behaviour = StubBehaviour(content={"intent": "balance"})
    with running_stub(behaviour) as url:
        answer = await client(url).structured("sys", "how much do I have", "intent", SCHEMA)
    assert answer == {"intent": "balance"}
    assert behaviour.requests[0]["response_format"]["json_schema"]["name"] == "intent"


async def test_a_server_without_json_schema_is_asked_for_a_tool_call() -> None:
    behaviour = StubBehaviour(reject_json_schema=True, tool_arguments={"intent": "help"})
    with running_stub(behaviour) as url:
        answer = await client(url).structured("sys", "help", "intent", SCHEMA)
    assert answer == {"intent": "help"}
    assert [("tools" in r) for r in behaviour.requests] == [False, True]


@pytest.mark.parametrize("garbage", ["not json", "[1, 2]", "", '{"intent": '])
async def test_malformed_answers_become_no_answer(garbage: str) -> None:
    behaviour = StubBehaviour(content=garbage, tool_arguments=garbage)
    with running_stub(behaviour) as url:
        assert await client(url).structured("sys", "x", "intent", SCHEMA) is None


async def test_a_slow_model_times_out_into_no_answer() -> None:
    behaviour = StubBehaviour(content={"intent": "pay"}, delay_s=1.5)
    with running_stub(behaviour) as url:
        assert await client(url, timeout=0.3).structured("sys", "x", "intent", SCHEMA) is None


async def test_server_errors_become_no_answer() -> None:
    with running_stub(StubBehaviour(status=500)) as url:
        assert await client(url).structured("sys", "x", "intent", SCHEMA) is None
        assert await client(url).text("sys", "x") is None


async def test_an_unreachable_endpoint_becomes_no_answer() -> None:
    assert (
        await client("http://127.0.0.1:9/v1", timeout=0.5).structured("s", "x", "i", SCHEMA) is None
    )
