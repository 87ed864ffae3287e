"""Text folding, tokens and span masking shared by the parser's extractors."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = frozenset("'’‘`´ʼ′")
_TOKEN = re.compile(r"@?[^\W_][\w'\-]*|@\w+")


_NUMBER_SIGNS = re.compile(r"(\S*[²³¹⁰-⁹₀-₉¼-¾⅐-⅟⁄]\S*)")


def compatible(text: str) -> str:
    """NFKC-normalised ``text``, except words holding superscripts or fraction characters.

    NFKC would read "5²" as "52" and "7½" as "71⁄2"; such numbers must stay visible as written
    so the amount rules can refuse them instead of paying a number nobody typed.
    """
    parts = _NUMBER_SIGNS.split(text)
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One folded character: lower-case, accent-free, straight apostrophe."""
    if ch in _APOSTROPHES:
        return "'"
    if ch.isspace():
        return " "
    low = ch.lower()
    if len(low) != 1:  # e.g. 'İ' lowers to two characters; keep spans aligned instead
        low = ch
    if low.isascii():
        return low
    if unicodedata.category(ch) == "No":  # "²", "½" stay themselves: an amount must not absorb them
        return ch
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isascii() or not unicodedata.combining(base) else low


def fold(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length, so spans stay valid."""
    return "".join(_fold_char(ch) for ch in text)


def flat(folded: str) -> str:
    """Keyword-matching form: apostrophes dropped, punctuation to spaces, spaces collapsed."""
    text = folded.replace("'", "")
    text = re.sub(r"[^\w$€£₹?@.:,/-]+", " ", text)
    return " " + " ".join(text.split()) + " "


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each ``(start, end)`` span of ``text`` with spaces (keeps every offset)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def squash(word: str) -> str:
    """A word as a comparison key: no '@', apostrophes, hyphens or trailing possessive."""
    word = word.lstrip("@")
    if word.endswith(("'s", "s'")) and len(word) > 3:
        word = word[:-2] if word.endswith("'s") else word[:-1]
    return word.replace("'", "").replace("-", "")


@dataclass(frozen=True)
class Token:
    """A word of the folded text with its span in the original."""

    text: str  # folded form as written
    key: str  # squashed comparison key
    start: int
    end: int


def tokenize(folded: str) -> list[Token]:
    """Split folded text into word tokens (handles keep '@' and '_')."""
    out: list[Token] = []
    for m in _TOKEN.finditer(folded):
        word = m.group().rstrip("'-")
        key = squash(word)
        if key:
            out.append(Token(word, key, m.start(), m.start() + len(word)))
    return out
