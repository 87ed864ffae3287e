"""The intent graph: normalise → parse (→ ground → resolve, as the agent grows)."""

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.intent import nodes
from agents.intent.state import IntentState
from core.intent import Intent, IntentContext


def build_graph() -> Any:
    """Compile the intent graph."""
    graph = StateGraph(IntentState)
    graph.add_node("normalise", nodes.normalise)
    graph.add_node("parse", nodes.parse_deterministic)
    graph.add_edge(START, "normalise")
    graph.add_edge("normalise", "parse")
    graph.add_edge("parse", END)
    return graph.compile()


class IntentAgent:
    """IntentInterpreter backed by the compiled graph."""

    def __init__(self) -> None:
        self._graph = build_graph()

    async def interpret(self, text: str, context: IntentContext) -> Intent:
        """Run the graph on one message."""
        state = await self._graph.ainvoke({"text": text, "context": context})
        intent: Intent = state["intent"]
        return intent
