"""Intent graph nodes: each a small pure step over the state."""

import unicodedata

from agents.intent.state import IntentState
from core.parsing import parse_intent

MAX_TEXT = 1000  # longer messages are not payment commands; parsing them only costs time


def normalise(state: IntentState) -> IntentState:
    """Unicode-normalise, trim, and cap the text."""
    text = unicodedata.normalize("NFKC", state["text"]).strip()[:MAX_TEXT]
    return {"normalised": text}


def parse_deterministic(state: IntentState) -> IntentState:
    """The deterministic parser: always available, never invents amounts or payees."""
    return {"intent": parse_intent(state["normalised"], state["context"])}
