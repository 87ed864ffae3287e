"""The query graph: gather facts → draft from templates → (model rewrite) → answer."""

from typing import Any

from langgraph.graph import END, StateGraph

from agents.chain import Step, add_chain, run_chain
from agents.llm import LlmClient
from agents.query import nodes
from agents.query.state import QueryState
from core.facts import Facts, Topic

DETERMINISTIC: tuple[Step, ...] = (("draft", nodes.draft),)


def build_graph(llm: LlmClient | None = None) -> Any:
    """Compile the query graph; without a model the draft is the answer."""
    graph = StateGraph(QueryState)
    drafted = add_chain(graph, DETERMINISTIC)
    if llm is None:
        graph.add_edge(drafted, END)
    else:
        graph.add_node("rewrite", nodes.Rewrite(llm))
        graph.add_edge(drafted, "rewrite")
        graph.add_edge("rewrite", END)
    return graph.compile()


class QueryAgent:
    """QueryAnswerer backed by the compiled graph (facts are gathered by the use case)."""

    def __init__(self, llm: LlmClient | None = None) -> None:
        self._graph = build_graph(llm)
        self._chain_only = llm is None  # then the graph is exactly DETERMINISTIC

    async def answer(self, topic: Topic, facts: Facts) -> str:
        """A plain-sentence answer whose numbers all come from ``facts``."""
        start = {"topic": topic, "facts": facts}
        if self._chain_only:
            state = run_chain(DETERMINISTIC, start)
        else:
            state = await self._graph.ainvoke(start)
        text: str = state["answer"]
        return text
