"""The intent graph: normalise → parse → (model proposes → ground) → intent."""

from typing import Any, Literal

from langgraph.graph import END, StateGraph

from agents.chain import Step, add_chain, run_chain
from agents.intent import nodes
from agents.intent.state import IntentState
from agents.llm import LlmClient
from core.intent import Intent, IntentContext

DETERMINISTIC: tuple[Step, ...] = (
    ("normalise", nodes.normalise),
    ("parse", nodes.parse_deterministic),
)


def after_parse(state: IntentState) -> Literal["propose", "done"]:
    """Consult the model only when the deterministic parse left something open."""
    return "propose" if nodes.needs_model(state) else "done"


def build_graph(llm: LlmClient | None = None) -> Any:
    """Compile the intent graph; without a model it is the deterministic path only."""
    graph = StateGraph(IntentState)
    parsed = add_chain(graph, DETERMINISTIC)
    if llm is None:
        graph.add_edge(parsed, END)
    else:
        graph.add_node("propose", nodes.ProposeWithModel(llm))
        graph.add_node("ground", nodes.ground_proposal)
        graph.add_conditional_edges(parsed, after_parse, {"propose": "propose", "done": END})
        graph.add_edge("propose", "ground")
        graph.add_edge("ground", END)
    return graph.compile()


class IntentAgent:
    """IntentInterpreter backed by the compiled graph."""

    def __init__(self, llm: LlmClient | None = None) -> None:
        self._graph = build_graph(llm)
        self._chain_only = llm is None  # then the graph is exactly DETERMINISTIC

    async def interpret(self, text: str, context: IntentContext) -> Intent:
        """Run the graph on one message."""
        start = {"text": text, "context": context}
        if self._chain_only:
            state = run_chain(DETERMINISTIC, start)
        else:
            state = await self._graph.ainvoke(start)
        intent: Intent = state["intent"]
        return intent
