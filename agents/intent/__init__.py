"""The intent agent: chat text → Intent."""

from agents.intent.graph import IntentAgent, build_graph

__all__ = ["IntentAgent", "build_graph"]
