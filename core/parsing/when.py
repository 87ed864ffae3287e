"""Timing facts read from a message (``When``) and the rule registry that fills them."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from core.parsing.numbers import to_int
from core.parsing.timewords import unit_name

MAX_N = 1000  # larger counts and intervals are noise; clamping keeps every date in range
_PERIODS = {"fortnight": ("week", 2), "quarter": ("month", 3)}


@dataclass
class When:
    """Timing facts found in a message; ``spans`` are the characters they used."""

    freq: str | None = None  # RRULE FREQ once the text asks for repetition
    interval: int = 1
    recurring: bool = False
    weekdays: list[str] = field(default_factory=list)
    nth: list[str] = field(default_factory=list)  # "+1MO", "-1FR"
    monthday: int | None = None  # 1..31, or -1 for the last day
    more_days: list[int] = field(default_factory=list)  # "the 1st and 15th"
    month: int | None = None
    year: int | None = None
    time: tuple[int, int] | None = None
    day_offset: int | None = None  # today 0, tomorrow 1
    delta: timedelta | None = None
    next_week: bool = False  # "next Monday" said on a Monday is a week away
    count: int | None = None
    duration: tuple[int, str] | None = None  # (3, "week") from "for 3 weeks"
    spans: list[tuple[int, int]] = field(default_factory=list)


Handler = Callable[[re.Match[str], "When"], bool]
Rule = tuple[re.Pattern[str], Handler]


def registrar(rules: list[Rule]) -> Callable[[str], Callable[[Handler], Handler]]:
    """A decorator factory that appends (pattern, handler) to ``rules`` in declaration order."""

    def rule(pattern: str) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            rules.append((re.compile(pattern), fn))
            return fn

        return deco

    return rule


def apply_rules(text: str, rules: list[Rule]) -> When:
    """Run ``rules`` in order over folded ``text``; each character is used at most once."""
    w = When()
    for pattern, handler in rules:
        for m in pattern.finditer(text):
            if handler(m, w):
                w.spans.append(m.span())
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return w


def clamp(text: str) -> int | None:
    """A count or interval from digits or words, clamped to ``MAX_N``."""
    value = to_int(text)
    return None if value is None else min(value, MAX_N)


def period(word: str) -> tuple[str, int]:
    """(unit, multiplier) of a unit word; a fortnight is two weeks."""
    unit = unit_name(word)
    return _PERIODS.get(unit, (unit, 1))
