"""The query graph: gather facts → draft from templates → (model rewrite) → answer."""

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.llm import LlmClient
from agents.query import nodes
from agents.query.state import QueryState
from core.usecases.answers import Topic
from core.usecases.reports import Facts


def build_graph(llm: LlmClient | None = None) -> Any:
    """Compile the query graph; without a model the draft is the answer."""
    graph = StateGraph(QueryState)
    graph.add_node("draft", nodes.draft)
    graph.add_edge(START, "draft")
    if llm is None:
        graph.add_edge("draft", END)
    else:
        graph.add_node("rewrite", nodes.Rewrite(llm))
        graph.add_edge("draft", "rewrite")
        graph.add_edge("rewrite", END)
    return graph.compile()


class QueryAgent:
    """QueryAnswerer backed by the compiled graph (facts are gathered by the use case)."""

    def __init__(self, llm: LlmClient | None = None) -> None:
        self._graph = build_graph(llm)

    async def answer(self, topic: Topic, facts: Facts) -> str:
        """A plain-sentence answer whose numbers all come from ``facts``."""
        state = await self._graph.ainvoke({"topic": topic, "facts": facts})
        text: str = state["answer"]
        return text
