"""The routing agent: Observe → Reason → Act → Learn over the production router."""

from agents.routing.graph import RoutingAgent, build_graph

__all__ = ["RoutingAgent", "build_graph"]
