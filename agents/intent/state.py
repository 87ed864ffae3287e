"""State carried through the intent graph."""

from typing import TypedDict

from core.intent import Intent, IntentContext


class IntentState(TypedDict, total=False):
    """Text in, intent out."""

    text: str
    context: IntentContext
    normalised: str
    intent: Intent
