"""The guardian graph: features → rules → optional LLM opinion → decision."""

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.guardian import nodes
from agents.guardian.state import GuardianState
from core.guardian import RiskAdvisor
from core.ports import UnitOfWorkFactory
from core.usecases.deps import Assessed, Policy, RiskRequest


def build_graph(uow: UnitOfWorkFactory, policy: Policy, advisor: RiskAdvisor | None = None) -> Any:
    """Compile the guardian graph over the given ports."""
    graph = StateGraph(GuardianState)
    graph.add_node("features", nodes.FeatureNode(uow, policy))
    graph.add_node("rules", nodes.RulesNode(policy))
    graph.add_node("opinion", nodes.OpinionNode(advisor))
    graph.add_node("decide", nodes.decide)
    graph.add_edge(START, "features")
    graph.add_edge("features", "rules")
    graph.add_conditional_edges("rules", nodes.needs_opinion(advisor), ["opinion", "decide"])
    graph.add_edge("opinion", "decide")
    graph.add_edge("decide", END)
    return graph.compile()


class GuardianAgent:
    """RiskAssessor backed by the compiled graph."""

    def __init__(
        self, uow: UnitOfWorkFactory, policy: Policy, advisor: RiskAdvisor | None = None
    ) -> None:
        self._graph = build_graph(uow, policy, advisor)

    async def assess(self, request: RiskRequest) -> Assessed:
        """Run the graph for one payment."""
        state = await self._graph.ainvoke({"request": request})
        assessed: Assessed = state["assessed"]
        return assessed
