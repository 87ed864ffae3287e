"""Vocabulary of the schedule grammar: weekdays, months, units, ordinals, times of day."""

import re

from core.parsing.numbers import N_RE, ORDINALS, WORDS_RE, to_int

WD = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"|(?:mon|tues?|weds?|thur?s?|fri|sat|sun)\b\.?"
)
# "Tuesday and Thursday", "mon, wed & fri".
WD_LIST = rf"(?:{WD})(?:\s*(?:,|and|&|/)\s*(?:and\s+)?(?:{WD}))*"
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
UNIT = r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|years?"
NTH = r"first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final"
# "every other", "every second", "every 3" as an interval.
EVERY_N = rf"other|second|2nd|third|3rd|fourth|4th|\d+|{WORDS_RE}"
ORD_WORD = "|".join(k for k, v in ORDINALS.items() if v > 0)
SCOPE = r"(?:the |every |each |this |a |next )?month"
AMPM = r"(?P<ap>am|pm|a\.m\.?|p\.m\.?)(?![a-z])"
PART_HOURS: dict[str, int] = {
    "morning": 9,
    "noon": 12,
    "midday": 12,
    "afternoon": 15,
    "evening": 18,
    "night": 20,
    "tonight": 20,
    "midnight": 0,
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_UNITS = {
    "sec": "second",
    "min": "minute",
    "hr": "hour",
    "wk": "week",
    "yr": "year",
}
FREQ: dict[str, str] = {
    "second": "SECONDLY",
    "minute": "MINUTELY",
    "hour": "HOURLY",
    "day": "DAILY",
    "week": "WEEKLY",
    "month": "MONTHLY",
    "year": "YEARLY",
}
_INTERVAL_WORDS = {"other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

__all__ = ["EVERY_N", "MONTH", "NTH", "N_RE", "ORD_WORD", "SCOPE", "UNIT", "WD", "WD_LIST"]


def weekday_code(word: str) -> str:
    """RRULE day code of a weekday word ("fri", "Fridays" → "FR")."""
    return word.strip(" .")[:2].upper()


def weekday_codes(phrase: str) -> list[str]:
    """Every weekday named in ``phrase``, in order, without repeats."""
    found = [weekday_code(m.group()) for m in re.finditer(WD, phrase)]
    return list(dict.fromkeys(found))


def is_plural_weekday(phrase: str) -> bool:
    """True when a full weekday name is plural ("on Fridays" means every Friday)."""
    return re.search(r"(?:mon|tues|wednes|thurs|fri|satur|sun)days\b", phrase) is not None


def month_number(word: str) -> int:
    """1–12 for a month word."""
    return _MONTHS.index(word[:3]) + 1


def unit_name(word: str) -> str:
    """Canonical unit ("mins" → "minute", "fortnight" stays) for a unit word."""
    word = word[:-1] if word.endswith("s") else word
    return _UNITS.get(word, word)


def interval_of(word: str) -> int | None:
    """The interval an "every ..." word asks for ("other" → 2, "3" → 3)."""
    return _INTERVAL_WORDS.get(word) or to_int(word)


def clock(hour: int, minute: int, ampm: str | None) -> tuple[int, int] | None:
    """24-hour (hour, minute) from a written time, or None when impossible."""
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute
