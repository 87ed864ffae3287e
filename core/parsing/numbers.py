"""Small number words ("twenty", "a hundred", "twenty-five") and ordinals as integers."""

import re

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
    "last": -1,
    "final": -1,
}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
# A run of number words, optionally led by "a"/"an" ("a hundred") and joined by "-"/"and".
WORDS_RE = rf"(?:(?:an?|one) )?(?:{_WORD})(?:(?:[ -]|-?and-? | and )(?:{_WORD}))*"
# A count or interval as digits or words: "every 2 weeks", "in ten minutes", "in an hour".
N_RE = rf"(?:\d+|{WORDS_RE}|an?)"
_SPLIT = re.compile(r"[\s-]+")


def words_to_int(phrase: str) -> int | None:
    """Value of a phrase of number words, or None when it is not one."""
    total = current = 0
    seen = False
    for word in _SPLIT.split(phrase.strip().lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = max(current, 1)
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:  # thousand, million, billion close a group: "two million five"
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def to_int(text: str) -> int | None:
    """Digits or number words as an int ("a"/"an" count as 1)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text in ("a", "an"):
        return 1
    return words_to_int(text)
