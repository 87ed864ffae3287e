"""Schedule rules for calendar anchors: dates, days of the month, times, weekdays, "now"."""

import re

from core.parsing.numbers import ORDINALS
from core.parsing.timewords import (
    AMPM,
    MONTH,
    ORD_WORD,
    PART_HOURS,
    SCOPE,
    WD_LIST,
    clock,
    is_plural_weekday,
    month_number,
    weekday_codes,
)
from core.parsing.when import Rule, When, registrar

DAY = r"(?:3[01]|[12]\d|0?[1-9])"  # a day of the month, so "40 march" is never a date
RULES: list[Rule] = []
rule = registrar(RULES)


@rule(
    rf"\b(?:on )?(?P<mon>{MONTH})\.? (?:the )?(?P<d>{DAY})(?:st|nd|rd|th)?(?![\d:])"
    rf"(?:,? (?P<y>20\d\d))?"
    rf"|\b(?:on )?(?:the )?(?P<d2>{DAY})(?:st|nd|rd|th)? (?:of )?(?P<mon2>{MONTH})\b"
    rf"(?:,? (?P<y2>20\d\d))?"
    r"|\b(?:on )?(?P<y3>20\d\d)-(?P<m3>\d\d?)-(?P<d3>\d\d?)\b"
    r"|\b(?:on )?(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y4>(?:20)?\d\d))?(?![\d/])"
)
def _date(m: re.Match[str], w: When) -> bool:
    if m["a"]:  # 3/15 is month/day; 15/3 can only be day/month
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if a > 12 else (a, b)
        year = m["y4"] and str(2000 + int(m["y4"]) % 100)
    else:
        month = int(m["m3"]) if m["m3"] else month_number(m["mon"] or m["mon2"])
        day = int(m["d"] or m["d2"] or m["d3"])
        year = m["y"] or m["y2"] or m["y3"]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    w.month, w.monthday, w.year = month, day, int(year) if year else None
    return True


# "his 21st", "her 40th": an ordinal after a possessive is a birthday or an anniversary, not a day.
_NOT_AFTER_POSSESSIVE = "".join(
    f"(?<!{word} )" for word in ("his", "her", "my", "their", "your", "our", "its")
)


@rule(
    rf"{_NOT_AFTER_POSSESSIVE}\b(?:on )?(?:(?P<every>every|each) )?(?:the )?"
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b"
    rf"(?P<more>(?:\s*(?:,|and|&)\s*(?:the )?\d{{1,2}}(?:st|nd|rd|th)\b)*)"
    rf"(?: (?:day )?of (?P<scope>{SCOPE}))?"
    rf"|\b(?:on )?the (?P<w>{ORD_WORD})(?: day)? of\b(?: (?P<scope2>{SCOPE}))?"
)
def _monthday(m: re.Match[str], w: When) -> bool:
    day = int(m["d"]) if m["d"] else ORDINALS[m["w"]]
    more = [int(d) for d in re.findall(r"\d+", m["more"] or "")]
    if not all(1 <= d <= 31 for d in [day, *more]):
        return False
    w.monthday, w.more_days = day, more
    scope = m["scope"] or m["scope2"] or ""
    w.recurring = w.recurring or bool(m["every"]) or scope.startswith(("every", "each"))
    return True


@rule(
    rf"\b(?:at |@ ?|by )?(?P<h>\d{{1,2}})(?:[:.](?P<m>\d\d))? ?{AMPM}"
    r"|\b(?:at |@ ?|by )?(?P<h2>\d{1,2}):(?P<m2>\d\d)(?!\d)"
    r"|\bat (?P<h3>\d{1,2})(?: ?o'?clock)?(?![\d:.,]| ?(?:k\b|usd|eur|gbp|inr|rs|\$))"
    r"|\b(?:at |by |around )?(?:in the )?(?P<part>noon|midday|midnight|morning|afternoon"
    r"|evening|tonight)\b"
)
def _time(m: re.Match[str], w: When) -> bool:
    if m["part"]:
        w.time = (PART_HOURS[m["part"]], 0)
        if m["part"] == "tonight" and w.day_offset is None:
            w.day_offset = 0
        return True
    hour = int(m["h"] or m["h2"] or m["h3"])
    if m["h3"] and 1 <= hour <= 6:  # a bare "at 5" means the afternoon, not before dawn
        hour += 12
    found = clock(hour, int(m["m"] or m["m2"] or 0), m["ap"])
    w.time = found or w.time
    return found is not None


@rule(
    r"\b(?:the )?day after (?:tomorrow|tmrw)\b|\b(?P<tom>tomorrow|tmrw|tmr|tomorow|tommorow"
    r"|tommorrow|2morrow)\b|\b(?P<today>today|tonight|this (?:morning|afternoon|evening))\b"
)
def _relative_day(m: re.Match[str], w: When) -> bool:
    w.day_offset = 1 if m["tom"] else 0 if m["today"] else 2
    return True


@rule(rf"\b(?:(?P<pre>every|each|on|this|next|coming|this coming|upcoming) )?(?P<days>{WD_LIST})")
def _weekday(m: re.Match[str], w: When) -> bool:
    w.weekdays += weekday_codes(m["days"])
    if m["pre"] in ("every", "each") or is_plural_weekday(m["days"]):
        w.recurring = True
    w.next_week = m["pre"] == "next"
    return True


@rule(r"\b(?:right now|right away|straight away|immediately|instantly|asap|a\.s\.a\.p\.?|now)\b")
def _now(m: re.Match[str], w: When) -> bool:
    """Immediate words ("now", "asap") are consumed so they never look like a payee."""
    return True
