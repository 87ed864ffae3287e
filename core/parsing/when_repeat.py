"""Schedule rules for repetition and counts: "every 2 weeks", "for 3 weeks", "4 times"."""

import re
from datetime import timedelta

from core.parsing.numbers import ORDINALS, WORDS_RE, to_int
from core.parsing.timewords import (
    EVERY_N,
    FREQ,
    N_RE,
    NTH,
    PART_HOURS,
    SCOPE,
    UNIT,
    WD,
    WD_LIST,
    interval_of,
    weekday_code,
    weekday_codes,
)
from core.parsing.when import MAX_N, Rule, When, clamp, period, registrar

RULES: list[Rule] = []
rule = registrar(RULES)
_ADVERBS = {
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "hourly": "hour",
    "yearly": "year",
    "annually": "year",
    "fortnightly": "fortnight",
    "biweekly": "fortnight",
    "quarterly": "quarter",
    "": "",
}


@rule(rf"\bfor (?:the )?next (?P<n>{N_RE}) (?P<wd>{WD})")
def _next_n_weekdays(m: re.Match[str], w: When) -> bool:
    w.count, w.recurring = clamp(m["n"]), True
    w.weekdays.append(weekday_code(m["wd"]))
    return w.count is not None


@rule(
    rf"\b(?:for|over) (?:the )?(?:next )?(?P<n>{N_RE}) (?:more )?(?P<u>{UNIT})\b"
    rf"|\b(?P<n2>{N_RE}) (?P<u2>{UNIT}) in a row\b"
)
def _duration(m: re.Match[str], w: When) -> bool:
    n = clamp(m["n"] or m["n2"])
    unit, mult = period(m["u"] or m["u2"])
    w.duration = (n * mult, unit) if n else None
    return n is not None


@rule(
    rf"\b(?:a total of |total of )?(?P<n>\d+|{WORDS_RE}) (?:more )?"
    r"(?:times|payments|installments|instalments|transfers|runs|occurrences)"
    r"(?: in total| total| in all)?\b"
)
def _count(m: re.Match[str], w: When) -> bool:
    w.count = clamp(m["n"])
    return w.count is not None


@rule(
    rf"\bin (?:(?P<half>half an? )|(?P<n>{N_RE}|a couple of) )(?P<u>{UNIT})\b"
    rf"|\b(?P<n2>{N_RE}|half an?) (?P<u2>{UNIT}) from now\b"
)
def _relative(m: re.Match[str], w: When) -> bool:
    unit, mult = period(m["u"] or m["u2"])
    raw = m["n"] or m["n2"] or ""
    n = 0.5 if m["half"] or raw.startswith("half") else 2 if raw == "a couple of" else clamp(raw)
    if n is None or unit not in FREQ or unit in ("month", "year"):
        return False
    w.delta = timedelta(**{f"{unit}s": n * mult})
    return True


@rule(
    rf"\b(?:on )?(?:the )?(?:(?P<every>every|each) )?(?P<nth>{NTH}) (?P<wd>{WD})"
    rf"(?: (?:of|in) (?P<scope>{SCOPE})| (?:of )?(?:every|each) month)?"
)
def _nth_weekday(m: re.Match[str], w: When) -> bool:
    scoped = m["scope"] is not None or "month" in m.group()
    if not (m["every"] or scoped) or (
        m["every"] and m["nth"] not in ("first", "1st", "last") and not scoped
    ):
        return False  # "every second Friday" is every other week, handled below
    n = ORDINALS.get(m["nth"], to_int(m["nth"][:1]) or 0)
    w.nth.append(f"{n:+d}{weekday_code(m['wd'])}")
    w.recurring = w.recurring or bool(m["every"]) or bool(re.search(r"every|each", m.group()))
    return True


@rule(
    rf"\b(?:on )?(?:(?:the|every|each) )?(?:last|final) day of (?P<scope>{SCOPE})"
    rf"|\b(?:at )?(?:the )?end of (?P<scope2>{SCOPE})|\bmonth[- ]end\b"
)
def _last_day(m: re.Match[str], w: When) -> bool:
    w.monthday = -1
    w.recurring = w.recurring or bool(re.search(r"every|each", m.group()))
    return True


@rule(rf"\bevery (?P<n>other|second|2nd|third|3rd|fourth|4th) (?P<days>{WD_LIST})")
def _every_other_weekday(m: re.Match[str], w: When) -> bool:
    w.freq, w.interval, w.recurring = "WEEKLY", min(interval_of(m["n"]) or 2, MAX_N), True
    w.weekdays += weekday_codes(m["days"])
    return True


@rule(
    rf"\b(?:every|each) (?P<n>{EVERY_N}) (?P<u>{UNIT})\b"
    rf"|\b(?:(?:once )?(?:every|each|per|a)) (?P<u1>second|minute|hour|day|week|fortnight"
    rf"|month|quarter|year)\b"
    rf"|\b(?P<adv>daily|weekly|monthly|hourly|yearly|annually|fortnightly|bi-?weekly"
    rf"|quarterly|nightly)\b"
)
def _everyperiod(m: re.Match[str], w: When) -> bool:
    word = m["u"] or m["u1"] or _ADVERBS[(m["adv"] or "").replace("-", "")]
    unit, mult = period(word)
    n = min(interval_of(m["n"]) or 0, MAX_N) if m["n"] else 1
    if unit not in FREQ or not n:
        return False
    w.freq, w.interval, w.recurring = FREQ[unit], n * mult, True
    if m["adv"] == "nightly":
        w.time = w.time or (PART_HOURS["night"], 0)
    return True


@rule(r"\b(?:every|each) (?P<part>morning|afternoon|evening|night)\b")
def _every_part(m: re.Match[str], w: When) -> bool:
    w.freq, w.recurring = "DAILY", True
    w.time = w.time or (PART_HOURS[m["part"]], 0)
    return True


@rule(r"\b(?:(?:every|each|on) )?(?:(?P<we>weekends?)|week ?days?)\b")
def _weekdays(m: re.Match[str], w: When) -> bool:
    w.weekdays += ["SA", "SU"] if m["we"] else ["MO", "TU", "WE", "TH", "FR"]
    w.recurring = True
    return True
