"""The optional LLM opinion: a short written view stored beside the rules' decision."""

from agents.guardian import prompts
from agents.llm import LlmClient
from core.rules.engine import Decision, RiskFeatures

MAX_OPINION = 1000  # characters kept
MAX_TOKENS = 200  # a few sentences; a longer answer would be cut anyway


class LlmAdvisor:
    """RiskAdvisor over the shared LLM client; every failure means no opinion."""

    def __init__(self, llm: LlmClient) -> None:
        self._llm = llm

    async def opinion(self, features: RiskFeatures, decision: Decision) -> str | None:
        """The model's few sentences, or None on any error or timeout."""
        text = await self._llm.text(
            prompts.SYSTEM, prompts.user_message(features, decision), max_tokens=MAX_TOKENS
        )
        return text[:MAX_OPINION] if text else None


def build_advisor(llm: LlmClient | None) -> LlmAdvisor | None:
    """An advisor when a model is configured, else None."""
    return LlmAdvisor(llm) if llm is not None else None
