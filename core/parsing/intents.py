"""Which kind of message this is: keyword rules, ordered so that safety wins ties."""

from dataclasses import dataclass

from core.intent import IntentKind
from core.parsing.intent_words import (
    AFFORD,
    ALL,
    BALANCE,
    CANCEL,
    CANCEL_OBJECT,
    CAPABILITY,
    HELP,
    HISTORY,
    HISTORY_STRONG,
    INJECTION,
    NOT_OURS,
    NOT_PAY,
    PAST,
    PAY_NOUN,
    PAY_VERB,
    QUESTION,
    SCHEDULED,
    SUPPORT,
    UNSUPPORTED,
    UPCOMING,
    UPCOMING_STRONG,
)


@dataclass(frozen=True)
class Signals:
    """What extraction found, for the classifier's tie-breaks."""

    has_amount: bool
    has_payee: bool  # a contact was resolved (or is ambiguous)
    payee_marked: bool  # some payee phrase was written, known or not
    words: int


def _pay_allowed(text: str) -> bool:
    """No sign that this is a support case, a request for money or a reminder."""
    return not (SUPPORT.search(text) or NOT_PAY.search(text))


def _cancel(text: str, s: Signals) -> tuple[IntentKind, bool]:
    """Cancel of a scheduled payment, or ``unknown`` for a made transfer or an account."""
    if SUPPORT.search(text) or (PAST.search(text) and not SCHEDULED.search(text)):
        return "unknown", False  # a made transfer is a support case (README boundaries)
    if not s.has_payee and (NOT_OURS.search(text) or not CANCEL_OBJECT.search(text)):
        return "unknown", False
    return "cancel", bool(ALL.search(text)) and not s.has_payee


def classify(text: str, s: Signals) -> tuple[IntentKind, bool]:
    """Intent kind of flat ``text`` plus whether a cancel means "all"."""
    if not text.strip() or INJECTION.search(text) or UNSUPPORTED.search(text):
        return "unknown", False
    if HELP.search(text) and not (s.has_amount or (s.has_payee and "help" in text)):
        return "help", False
    if CANCEL.search(text):
        return _cancel(text, s)
    for kind, pattern in (
        ("history", HISTORY_STRONG),
        ("balance", AFFORD),
        ("upcoming", UPCOMING_STRONG),
    ):
        if pattern.search(text):
            return kind, False  # type: ignore[return-value]
    verb = PAY_VERB.search(text) is not None
    question = QUESTION.search(text) is not None
    if verb and (s.has_amount or s.has_payee) and _pay_allowed(text) and not question:
        return "pay", False
    if verb and CAPABILITY.search(text) and not (s.has_amount or s.has_payee):
        return "help", False  # "can you pay people on a schedule?"
    for kind, pattern in (("balance", BALANCE), ("upcoming", UPCOMING), ("history", HISTORY)):
        if pattern.search(text):
            return kind, False  # type: ignore[return-value]
    if not _pay_allowed(text) or question:
        return "unknown", False
    if (verb or PAY_NOUN.search(text)) and (s.has_amount or s.payee_marked or s.words <= 6):
        return "pay", False
    if s.has_amount and s.payee_marked:
        return "pay", False  # terse: "dave 35 usdc", "£7.50 to frank"
    return "unknown", False
