"""Without a model the agents skip the LangGraph runtime; the answers must not change."""

import pytest

from agents.intent import graph as intent_graph
from agents.query import graph as query_graph
from core.facts import Topic
from core.intent import IntentContext
from tests.unit.parsing.conftest import CONTACTS, NOW
from tests.unit.test_query_agent import FACTS

CONTEXT = IntentContext(now=NOW, timezone="UTC", default_asset="USDC", contacts=CONTACTS)
MESSAGES = [
    "balance",
    "  Pay User Two 120 USDC every Friday  ",
    "send bobby 15.5 eur tomorrow at 9am for lunch",
    "pay Frank Mueller 3 usdc",
    "pay bob",
    "pay somebody 10",
    "cancel all",
    "history with alice",
    "what can you do?",
    "ｐａｙ ａｌｉｃｅ ５ usdc",  # full-width: normalisation matters
    "x" * 5000,
]


@pytest.mark.parametrize("text", MESSAGES)
async def test_the_intent_chain_reads_every_message_as_the_graph_does(text: str) -> None:
    graph = intent_graph.build_graph(None)
    expected = (await graph.ainvoke({"text": text, "context": CONTEXT}))["intent"]
    assert await intent_graph.IntentAgent().interpret(text, CONTEXT) == expected


@pytest.mark.parametrize("topic", ["balance", "upcoming", "history", "flagged"])
async def test_the_query_chain_answers_as_the_graph_does(topic: Topic) -> None:
    graph = query_graph.build_graph(None)
    expected = (await graph.ainvoke({"topic": topic, "facts": FACTS}))["answer"]
    assert await query_graph.QueryAgent().answer(topic, FACTS) == expected
