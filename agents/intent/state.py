"""State carried through the intent graph."""

from typing import Any, TypedDict

from core.intent import Intent, IntentContext


class IntentState(TypedDict, total=False):
    """Text in, intent out."""

    text: str
    context: IntentContext
    normalised: str
    intent: Intent  # the deterministic parse, then the grounded merge
    proposal: dict[str, Any] | None  # what the model proposed, if asked
