"""The optional LLM opinion: a short written view stored beside the rules' decision."""

import logging

from openai import AsyncOpenAI

from agents.guardian import prompts
from core.guardian import Decision, RiskFeatures

log = logging.getLogger(__name__)

MAX_OPINION = 1000  # characters kept
TIMEOUT_S = 8.0


class LlmAdvisor:
    """RiskAdvisor over any OpenAI-compatible endpoint; every failure means no opinion."""

    def __init__(self, client: AsyncOpenAI, model: str, timeout: float = TIMEOUT_S) -> None:
        self._client = client
        self._model = model
        self._timeout = timeout

    async def opinion(self, features: RiskFeatures, decision: Decision) -> str | None:
        """The model's few sentences, or None on any error or timeout."""
        try:
            response = await self._client.chat.completions.create(
                model=self._model,
                messages=[
                    {"role": "system", "content": prompts.SYSTEM},
                    {"role": "user", "content": prompts.user_message(features, decision)},
                ],
                temperature=0,
                max_tokens=200,
                timeout=self._timeout,
            )
            text = (response.choices[0].message.content or "").strip()
        except Exception as error:  # an opinion is optional: never let it break a payment
            log.warning("guardian opinion unavailable: %s", type(error).__name__)
            return None
        return text[:MAX_OPINION] or None


def build_advisor(
    base_url: str | None,
    api_key: str | None,
    model: str | None,
    *,
    timeout: float = TIMEOUT_S,
    http_client: object | None = None,
) -> LlmAdvisor | None:
    """An advisor when an endpoint and a model are configured, else None."""
    if not base_url or not model:
        return None
    client = AsyncOpenAI(
        base_url=base_url,
        api_key=api_key or "not-needed",
        timeout=timeout,
        max_retries=0,
        http_client=http_client,  # type: ignore[arg-type]
    )
    return LlmAdvisor(client, model, timeout)
