"""Whether a message is a command of its own rather than a bare answer to a question."""

from core.parsing.intent_words import PAY_NOUN, PAY_VERB
from core.parsing.text import flat, fold
from core.parsing.topic_cues import respell


def is_pay_command(text: str) -> bool:
    """True when ``text`` itself asks to pay ("pay bob 7"), not only names a payee or amount."""
    words_of = respell(flat(fold(text)))
    return bool(PAY_VERB.search(words_of) or PAY_NOUN.search(words_of))
