"""The one LLM client: structured output from any OpenAI-compatible endpoint, or nothing."""

import json
import logging
from dataclasses import dataclass
from typing import Any

from openai import AsyncOpenAI

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LlmConfig:
    """Where the model is and how long we wait for it."""

    base_url: str
    api_key: str
    model: str
    timeout_s: float = 4.0


class LlmClient:
    """Asks for JSON matching a schema: JSON-schema output first, a forced tool call second.

    Every failure (network, timeout, refusal, malformed JSON) returns None: callers always
    have a deterministic path, so the model can only ever add, never break.
    """

    def __init__(self, config: LlmConfig, client: AsyncOpenAI | None = None) -> None:
        self._config = config
        self._client = client or AsyncOpenAI(
            base_url=config.base_url,
            api_key=config.api_key,
            timeout=config.timeout_s,
            max_retries=0,  # a retry would double the user's wait; we fall back instead
        )

    async def structured(
        self, system: str, user: str, name: str, schema: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The model's answer as a dict, or None when no valid answer came."""
        messages: list[Any] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        answer = await self._json_schema(messages, name, schema)
        if answer is None:
            answer = await self._tool_call(messages, name, schema)
        return answer

    async def text(self, system: str, user: str, max_tokens: int = 400) -> str | None:
        """A short free-text answer, or None."""
        try:
            response = await self._client.chat.completions.create(
                model=self._config.model,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                temperature=0,
                max_tokens=max_tokens,  # short answers only; the caller cuts to 1,000 chars
            )
            content = response.choices[0].message.content
        except Exception as error:  # any failure means "no opinion"
            log.warning("LLM text call failed: %s", type(error).__name__)
            return None
        return content.strip()[:1000] if content else None

    async def _json_schema(
        self, messages: list[Any], name: str, schema: dict[str, Any]
    ) -> dict[str, Any] | None:
        try:
            response = await self._client.chat.completions.create(
                model=self._config.model,
                messages=messages,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": name, "schema": schema, "strict": True},
                },
            )
            return _as_object(response.choices[0].message.content)
        except Exception as error:
            log.info(
                "JSON-schema output unavailable (%s); trying a tool call", type(error).__name__
            )
            return None

    async def _tool_call(
        self, messages: list[Any], name: str, schema: dict[str, Any]
    ) -> dict[str, Any] | None:
        try:
            response = await self._client.chat.completions.create(
                model=self._config.model,
                messages=messages,
                tools=[{"type": "function", "function": {"name": name, "parameters": schema}}],
                tool_choice={"type": "function", "function": {"name": name}},
            )
            calls = response.choices[0].message.tool_calls or []
            for call in calls:
                function = getattr(call, "function", None)
                if function is not None and function.name == name:
                    return _as_object(function.arguments)
        except Exception as error:
            log.warning("LLM tool call failed: %s", type(error).__name__)
        return None


def _as_object(content: str | None) -> dict[str, Any] | None:
    """Parse a JSON object; anything else is no answer."""
    if not content:
        return None
    try:
        value = json.loads(content)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class Transcriber:
    """Speech to text through an OpenAI-compatible transcription endpoint."""

    def __init__(self, config: LlmConfig, model: str, client: AsyncOpenAI | None = None) -> None:
        self._model = model
        self._client = client or AsyncOpenAI(
            base_url=config.base_url,
            api_key=config.api_key,
            timeout=max(config.timeout_s, 15.0),  # audio takes longer than text
            max_retries=0,
        )

    async def transcribe(self, audio: bytes, filename: str = "voice.ogg") -> str | None:
        """The spoken words, or None when transcription failed."""
        try:
            result = await self._client.audio.transcriptions.create(
                model=self._model, file=(filename, audio)
            )
        except Exception as error:
            log.warning("transcription failed: %s", type(error).__name__)
            return None
        text = getattr(result, "text", None)
        return text.strip() if isinstance(text, str) and text.strip() else None
