"""The guardian graph: features → rules → decision."""

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.guardian import nodes
from agents.guardian.state import GuardianState
from core.ports import UnitOfWorkFactory
from core.usecases.deps import Assessed, Policy, RiskRequest


def build_graph(uow: UnitOfWorkFactory, policy: Policy) -> Any:
    """Compile the guardian graph over the given ports."""
    graph = StateGraph(GuardianState)
    graph.add_node("features", nodes.FeatureNode(uow, policy))
    graph.add_node("rules", nodes.apply_rules)
    graph.add_edge(START, "features")
    graph.add_edge("features", "rules")
    graph.add_edge("rules", END)
    return graph.compile()


class GuardianAgent:
    """RiskAssessor backed by the compiled graph."""

    def __init__(self, uow: UnitOfWorkFactory, policy: Policy) -> None:
        self._graph = build_graph(uow, policy)

    async def assess(self, request: RiskRequest) -> Assessed:
        """Run the graph for one payment."""
        state = await self._graph.ainvoke({"request": request})
        return Assessed(features=state["features"], decision=state["decision"])
