"""Numbers the parser must not read as an amount: unreadable shapes and numbers that label things.

An unreadable shape (a superscript, a fraction character, an exponent, a sign, digits of two
scripts) makes the amount doubtful, so the bot asks. A label ("invoice 3318", "for 2 pizzas")
is simply not an amount.
"""

import re
import unicodedata

# A word that starts after a space or a currency symbol, with a sign glued to it if any; only
# the words that hold a digit of some kind are checked (starting mid-word is never tried).
_WORDISH = re.compile(r"(?:^|(?<=[\s$€£₹]))[+\-−]?[\w.,⁄]+")
_DIGITISH = re.compile(r"[\d²³¹⁰-⁹½¼¾⅐-⅞⁄]")
_EXPONENT = re.compile(r"[+\-−]?\d+(?:\.\d+)?e[+\-−]?\d+")
_SIGNED = re.compile(r"[+\-−]\d")


def _vocabulary(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (keeps long lists readable)."""
    return frozenset(words.split())


# Words that, before a number, make it a label: "invoice 3318", "table 12", "order #55".
LABELS = _vocabulary(
    "invoice inv table order room seat seats flat apt apartment unit ref reference number no"
    " ticket tickets case id bill receipt acct row gate bus line item lot box house street floor"
    " level platform page chapter version v code pin tracking booking"
)
# After a bare number, words that keep it an amount: "20 to bob", "50 please", "30 each".
AMOUNT_FOLLOWERS = _vocabulary(
    "to for please pls plz thanks thx now each per a an on at in by from via into over and or"
    " right asap today tomorrow k"
)
_DESCRIBED = re.compile(r"\bfor (?:the |my |his |her |their |our |those |these |a )?$")


def _scripts(token: str) -> set[int]:
    """The zero code point of each decimal digit's script in ``token`` ("٤2" gives two)."""
    return {ord(ch) - unicodedata.digit(ch) for ch in token if ch.isdecimal()}


def _unreadable(token: str) -> bool:
    """True when ``token`` writes a number in a shape that is not one plain amount."""
    if "⁄" in token or any(unicodedata.category(ch) == "No" for ch in token):
        return True  # superscripts and fraction characters: "5²", "7½", "¾", "1⁄2"
    if len(_scripts(token)) > 1:
        return True  # "२5": one number, two scripts of digits
    return bool(_EXPONENT.fullmatch(token.rstrip(".,")) or _SIGNED.match(token))


def unreadable_numbers(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every number written in a shape an amount must not have, with its span."""
    if not _DIGITISH.search(text):
        return []
    found = []
    for m in _WORDISH.finditer(text):  # never inside a word or handle: "user2", "every-5-seconds"
        if _DIGITISH.search(m.group()) and _unreadable(m.group()):
            found.append((m.group().rstrip(".,"), m.span()))
    return found


def labels_something(text: str, span: tuple[int, int], has_asset: bool) -> bool:
    """True when the number at ``span`` names a thing rather than an amount of money."""
    before = text[: span[0]].split()
    if (before and before[-1].lstrip("#") in LABELS) or text[: span[0]].rstrip().endswith("#"):
        return True  # "invoice 3318", "table 12", "order #55"
    if has_asset:
        return False
    after = text[span[1] :].split()
    follower = re.sub(r"\W", "", after[0]) if after else ""
    counted = bool(follower) and follower not in AMOUNT_FOLLOWERS
    return counted and bool(_DESCRIBED.search(text[: span[0]]))  # "for the 3 concert seats"
