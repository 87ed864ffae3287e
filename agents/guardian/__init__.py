"""The guardian agent: a payment → a risk decision."""

from agents.guardian.graph import GuardianAgent, build_graph

__all__ = ["GuardianAgent", "build_graph"]
