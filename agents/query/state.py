"""State carried through the query graph."""

from typing import TypedDict

from core.facts import Facts, Topic


class QueryState(TypedDict, total=False):
    """Question in, answer out."""

    topic: Topic
    facts: Facts
    template: str
    answer: str
    writer: str  # "llm" or "template"
