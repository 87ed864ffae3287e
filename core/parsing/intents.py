"""Which kind of message this is: keyword rules, ordered so that safety wins ties."""

import re
from dataclasses import dataclass

from core.intent import IntentKind
from core.parsing import topic_cues
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
from core.parsing.pay_vetoes import CHANGE_OF_MIND, is_hypothetical, pay_veto

# Money in motion ("what leaves my wallet", "what went out") outranks the nouns of a balance.
_TOPICS: tuple[tuple[IntentKind, re.Pattern[str]], ...] = (
    ("upcoming", topic_cues.UPCOMING),
    ("history", topic_cues.HISTORY),
    ("balance", topic_cues.BALANCE),
    ("balance", BALANCE),
    ("upcoming", UPCOMING),
    ("history", HISTORY),
)


@dataclass(frozen=True)
class Signals:
    """What extraction found, for the classifier's tie-breaks."""

    has_amount: bool
    has_payee: bool  # a contact was resolved (or is ambiguous)
    payee_marked: bool  # some payee phrase was written, known or not
    words: int


def _pay_allowed(text: str) -> bool:
    """No sign of a support case, a request for money, a reminder, or talk that asks for no pay."""
    return not (SUPPORT.search(text) or NOT_PAY.search(text) or pay_veto(text))


def _wants_cancel(text: str) -> bool:
    """A cancel verb, a cancel verb with a payment as object, or a change of mind."""
    return any(p.search(text) for p in (CANCEL, topic_cues.CANCEL, CHANGE_OF_MIND))


def _cancel(text: str, s: Signals) -> tuple[IntentKind, bool]:
    """Cancel of a scheduled payment, or ``unknown`` for a made transfer or an account."""
    # An explicit "no more payments" or a change of mind outweighs support words ("doesn't").
    explicit = CHANGE_OF_MIND.search(text) or topic_cues.CANCEL.search(text)
    support = SUPPORT.search(text) and not explicit
    if support or (PAST.search(text) and not SCHEDULED.search(text)):
        return "unknown", False  # a made transfer is a support case (README boundaries)
    if not s.has_payee and (NOT_OURS.search(text) or not CANCEL_OBJECT.search(text)):
        return "unknown", False
    return "cancel", bool(ALL.search(text)) and not s.has_payee


def classify(text: str, s: Signals) -> tuple[IntentKind, bool]:
    """Intent kind of flat ``text`` plus whether a cancel means "all"."""
    text = topic_cues.respell(text)
    if not text.strip() or INJECTION.search(text) or UNSUPPORTED.search(text):
        return "unknown", False
    helpful = HELP.search(text) or topic_cues.HELP.search(text)
    if helpful and not (s.has_amount or (s.has_payee and "help" in text)):
        return "help", False
    if _wants_cancel(text):
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
    if is_hypothetical(text):
        return "unknown", False  # "imagine if I sent dave a billion": no question, no command
    for kind, pattern in _TOPICS:
        if pattern.search(text):
            return kind, False
    if not _pay_allowed(text) or question:
        return "unknown", False
    if (verb or PAY_NOUN.search(text)) and (s.has_amount or s.payee_marked or s.words <= 6):
        return "pay", False
    if s.has_amount and s.payee_marked:
        return "pay", False  # terse: "dave 35 usdc", "£7.50 to frank"
    return "unknown", False
