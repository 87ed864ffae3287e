"""A message not understood but about money or the bot: which intents to offer as buttons."""

from collections.abc import Sequence

from core.intent import Contact, IntentKind
from core.parsing.amounts import amounts_in
from core.parsing.intent_words import cues
from core.parsing.payees import words
from core.parsing.text import flat, fold
from core.parsing.topic_cues import MONEY_TALK, respell

SUGGESTABLE: tuple[IntentKind, ...] = ("balance", "upcoming", "history", "pay", "help")
# Tense words move the likelier of history / upcoming to the front.
_PAST = cues(r"\b(sent|paid|spent|went|gone|gave|got|had|did|last|ago|yesterday|earlier|so far)\b")
_FUTURE = cues(r"\b(next|tomorrow|will|ll|coming|due|soon|later|scheduled|planned|going)\b")


def _names(contacts: Sequence[Contact]) -> frozenset[str]:
    """Every word by which the payer may name a contact."""
    found: set[str] = set()
    for contact in contacts:
        for written in (contact.name, contact.handle or "", *contact.aliases):
            found.update(words(written))
    return frozenset(found)


def suggested_intents(text: str, contacts: Sequence[Contact] = ()) -> tuple[IntentKind, ...]:
    """Intents worth offering for ``text``, likeliest first; none when it is not about money."""
    flat_text = respell(flat(fold(text)))
    someone = not _names(contacts).isdisjoint(words(text))
    amount = bool(amounts_in(text))
    if not (MONEY_TALK.search(flat_text) or someone or amount):
        return ()
    first: list[IntentKind] = []
    if _PAST.search(flat_text):
        first.append("history")
    if _FUTURE.search(flat_text):
        first.append("upcoming")
    if someone or amount:
        first.append("pay")
    return tuple(dict.fromkeys([*first, *SUGGESTABLE]))
