"""Intent graph nodes: each a small step over the state."""

from agents.intent import prompts
from agents.intent.state import IntentState
from agents.llm import LlmClient
from core.parsing import parse_intent
from core.parsing.grounding import ground
from core.parsing.text import compatible

MAX_TEXT = 1000  # longer messages are not payment commands; parsing them only costs time


def normalise(state: IntentState) -> IntentState:
    """Unicode-normalise, trim, and cap the text."""
    text = compatible(state["text"]).strip()[:MAX_TEXT]
    return {"normalised": text}


def parse_deterministic(state: IntentState) -> IntentState:
    """The deterministic parser: always runs, never invents amounts or payees."""
    return {"intent": parse_intent(state["normalised"], state["context"])}


def needs_model(state: IntentState) -> bool:
    """Ask the model only when the parser left something open."""
    intent = state["intent"]
    return intent.kind == "unknown" or bool(intent.missing) or bool(intent.candidates)


class ProposeWithModel:
    """Asks the model for a structured reading of the message."""

    def __init__(self, llm: LlmClient) -> None:
        self._llm = llm

    async def __call__(self, state: IntentState) -> IntentState:
        """The model's proposal, or None on any failure."""
        names = [c.name for c in state["context"].contacts]
        proposal = await self._llm.structured(
            prompts.SYSTEM,
            prompts.user_prompt(state["normalised"], names),
            "chat_intent",
            prompts.SCHEMA,
        )
        return {"proposal": proposal}


def ground_proposal(state: IntentState) -> IntentState:
    """Keep only what the user's text supports; money-moving kinds stay the parser's call."""
    proposal = state.get("proposal")
    if not proposal:
        return {}
    return {"intent": ground(proposal, state["intent"], state["normalised"], state["context"])}
