"""The routing graph: observe → reason → (model chooses) → act → learn."""

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.llm import LlmClient
from agents.routing import nodes
from agents.routing.state import RoutingMemory, RoutingState
from core.routing.router import Router


def build_graph(router: Router, memory: RoutingMemory, llm: LlmClient | None = None) -> Any:
    """Compile the cycle over one router; the memory persists between invocations."""
    graph = StateGraph(RoutingState)
    graph.add_node("observe", nodes.Observe(router))
    graph.add_node("reason", nodes.Reason(memory))
    graph.add_node("act", nodes.Act(router))
    graph.add_node("learn", nodes.Learn(memory))
    graph.add_edge(START, "observe")
    graph.add_edge("observe", "reason")
    if llm is None:
        graph.add_edge("reason", "act")
    else:
        graph.add_node("choose", nodes.ChooseWithModel(llm))
        graph.add_edge("reason", "choose")
        graph.add_edge("choose", "act")
    graph.add_edge("act", "learn")
    graph.add_edge("learn", END)
    return graph.compile()


class RoutingAgent:
    """One agent per router; ``run`` for simulated time, ``arun`` in the service."""

    def __init__(self, router: Router, llm: LlmClient | None = None) -> None:
        self.memory = RoutingMemory()
        self._graph = build_graph(router, self.memory, llm)
        self._has_model = llm is not None

    def run(self, at: float) -> RoutingState:
        """One cycle, synchronously (deterministic path only: the model client is async)."""
        if self._has_model:
            raise RuntimeError("a model-backed routing agent runs with arun()")
        result: RoutingState = self._graph.invoke({"at": at})
        return result

    async def arun(self, at: float) -> RoutingState:
        """One cycle."""
        result: RoutingState = await self._graph.ainvoke({"at": at})
        return result
