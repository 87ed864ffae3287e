"""The guardian graph: features → rules → optional LLM opinion → decision."""

from typing import Any

from langgraph.graph import END, StateGraph

from agents.chain import Step, add_chain, arun_chain
from agents.guardian import nodes
from agents.guardian.state import GuardianState
from core.deps import Assessed, Policy, RiskRequest
from core.ports import UnitOfWorkFactory
from core.rules.engine import RiskAdvisor


def without_opinion(uow: UnitOfWorkFactory, policy: Policy) -> tuple[Step, ...]:
    """The graph's path when no advisor is configured: features → rules → decide."""
    return (
        ("features", nodes.FeatureNode(uow, policy)),
        ("rules", nodes.RulesNode(policy)),
        ("decide", nodes.decide),
    )


def build_graph(uow: UnitOfWorkFactory, policy: Policy, advisor: RiskAdvisor | None = None) -> Any:
    """Compile the guardian graph over the given ports."""
    graph = StateGraph(GuardianState)
    add_chain(graph, without_opinion(uow, policy)[:2])  # START → features → rules
    graph.add_node("opinion", nodes.OpinionNode(advisor))
    graph.add_node("decide", nodes.decide)
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
        # Without an advisor the graph is a fixed chain; running it directly skips LangGraph's
        # per-invocation cost, which was more than the rest of a payment proposal.
        self._chain = without_opinion(uow, policy) if advisor is None else None

    async def assess(self, request: RiskRequest) -> Assessed:
        """Run the graph for one payment."""
        start = {"request": request}
        if self._chain is not None:
            state = await arun_chain(self._chain, start)
        else:
            state = await self._graph.ainvoke(start)
        assessed: Assessed = state["assessed"]
        return assessed
