"""The query agent: a money question → a plain-sentence answer from the database."""

from agents.query.graph import QueryAgent, build_graph

__all__ = ["QueryAgent", "build_graph"]
