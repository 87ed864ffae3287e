"""Query graph nodes: template first, then an optional model rewrite that must keep the numbers."""

import re

from agents.llm import LlmClient
from agents.query import prompts
from agents.query.state import QueryState
from core.queries.answers import template_answer

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    """Every number written in ``text``, separators removed."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def draft(state: QueryState) -> QueryState:
    """The deterministic answer: always there, always right."""
    text = template_answer(state["topic"], state["facts"])
    return {"template": text, "answer": text, "writer": "template"}


class Rewrite:
    """Lets the model phrase the answer; keeps it only if every number came from the facts."""

    def __init__(self, llm: LlmClient) -> None:
        self._llm = llm

    async def __call__(self, state: QueryState) -> QueryState:
        """Model-written answer, or the template when the model adds any number."""
        facts_text = state["template"]
        written = await self._llm.text(
            prompts.SYSTEM, prompts.user_prompt(state["topic"], facts_text)
        )
        if not written or not numbers_in(written) <= numbers_in(facts_text):
            return {}
        return {"answer": written, "writer": "llm"}
