"""A series' rule read near any moment: restarted at a recent period, counted by cycles.

dateutil walks an RRULE from its first occurrence, so an every-5-seconds series a month old
walks half a million occurrences to find its next one. Here the rule is restarted at the start
of the period that holds the moment asked about, with the defaults it took from its first run
written out, and counts over long spans multiply one cycle's count instead of listing them.
Everything is naive wall time of the zone the rule is expanded in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice, takewhile
from math import lcm

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rruleset, rrulestr

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SUB_DAILY = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
}
# Parts whose meaning does not depend on where the rule starts, once defaults are written out.
_RESTARTABLE = {
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "WKST",
    "UNTIL",
}
_DAY_CHOOSERS = {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER"}


@lru_cache(maxsize=4096)
def parsed_rule(body: str, naive_start: datetime) -> rrule | rruleset:
    """``body`` starting at ``naive_start``, parsed once per series and shared.

    Parsing costs ~23 µs and the checks before one run of a series read its rule four times or
    so. Sharing is safe: without dateutil's cache an rrule keeps no state between iterations.
    """
    return rrulestr(body, dtstart=naive_start)


def _parts(body: str) -> dict[str, str]:
    """The rule's NAME=value parts, names upper-cased."""
    pairs = (part.split("=", 1) for part in body.split(";") if "=" in part)
    return {name.strip().upper(): value.strip().upper() for name, value in pairs}


def _explicit_body(parts: dict[str, str], start: datetime) -> str:
    """The rule with what dateutil would take from ``start`` written out (same occurrences)."""
    out = dict(parts)
    freq = parts["FREQ"]
    if not _DAY_CHOOSERS & parts.keys():
        if freq == "YEARLY":
            out.setdefault("BYMONTH", str(start.month))
            out["BYMONTHDAY"] = str(start.day)
        elif freq == "MONTHLY":
            out["BYMONTHDAY"] = str(start.day)
        elif freq == "WEEKLY":
            out["BYDAY"] = _WEEKDAYS[start.weekday()]
    out.setdefault("BYHOUR", str(start.hour))
    out.setdefault("BYMINUTE", str(start.minute))
    out.setdefault("BYSECOND", str(start.second))
    return ";".join(f"{name}={value}" for name, value in out.items())


def _uniform_step(parts: dict[str, str], interval: int) -> timedelta | None:
    """The fixed gap between occurrences when the rule is nothing but a frequency."""
    if parts.keys() - {"FREQ", "INTERVAL"}:
        return None
    freq = parts["FREQ"]
    unit = _SUB_DAILY.get(freq) or {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}.get(
        freq
    )
    return None if unit is None else unit * interval


def _cycle(parts: dict[str, str], interval: int) -> timedelta | None:
    """A span after which the occurrences repeat shifted by it, when the rule has one."""
    freq, extra = parts["FREQ"], parts.keys() - {"FREQ", "INTERVAL", "WKST"}
    weekdays_only = not any(ch.isdigit() for ch in parts.get("BYDAY", ""))
    if freq == "WEEKLY" and extra <= {"BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND"}:
        return timedelta(weeks=interval) if weekdays_only else None
    if freq == "DAILY" and extra <= {"BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND"}:
        if not weekdays_only:
            return None
        return timedelta(days=lcm(interval, 7) if "BYDAY" in parts else interval)
    return _uniform_step(parts, interval)


@dataclass(frozen=True)
class Recurrence:
    """An RRULE ``body`` from ``start`` (naive, whole seconds), read near any moment cheaply."""

    body: str
    start: datetime
    freq: str
    interval: int
    wkst: int
    restartable: bool
    explicit: str  # the body with its start-derived defaults written out
    step: timedelta | None  # gap between occurrences when it never varies
    cycle: timedelta | None  # shift under which the occurrences repeat

    def first(self, limit: int) -> list[datetime]:
        """The first ``limit`` occurrences."""
        if self.step is not None:
            return [self.start + n * self.step for n in range(max(0, limit))]
        return list(islice(parsed_rule(self.body, self.start), max(0, limit)))

    def after(self, moment: datetime) -> datetime | None:
        """The first occurrence strictly after ``moment``."""
        if self.step is not None:
            if moment < self.start:
                return self.start
            return self.start + ((moment - self.start) // self.step + 1) * self.step
        found = self._rule_near(moment).after(moment)
        return found if isinstance(found, datetime) else None

    def between(self, low: datetime, high: datetime) -> list[datetime]:
        """Occurrences in ``[low, high)``."""
        low = max(low, self.start)
        if high <= low:
            return []
        if self.step is not None:
            first = -((self.start - low) // self.step)
            last = -((self.start - high) // self.step)
            return [self.start + n * self.step for n in range(first, last)]
        later = self._rule_near(low).xafter(low, inc=True)
        return list(takewhile(lambda found: found < high, later))

    def count(self, low: datetime, high: datetime, cap: int | None = None) -> int:
        """How many occurrences fall in ``[low, high)``, at most ``cap`` counted."""
        low = max(low, self.start)
        if high <= low:
            return 0
        if self.step is not None:
            total = -((self.start - high) // self.step) + ((self.start - low) // self.step)
        elif self.cycle is not None and high - low > self.cycle:
            cycles = (high - low) // self.cycle
            rest = low + cycles * self.cycle
            total = cycles * self._walk(low, low + self.cycle) + self._walk(rest, high)
        else:
            total = self._walk(low, high, cap)
        return total if cap is None else min(total, cap)

    def _walk(self, low: datetime, high: datetime, cap: int | None = None) -> int:
        """Occurrences in ``[low, high)`` counted one by one, stopping at ``cap``."""
        total = 0
        for found in self._rule_near(low).xafter(low, inc=True):
            if found >= high or (cap is not None and total >= cap):
                break
            total += 1
        return total

    def _rule_near(self, moment: datetime) -> rrule | rruleset:
        """The rule restarted at the period holding ``moment`` (or from its start)."""
        anchor = self._anchor(moment) if self.restartable else None
        if anchor is None:
            return parsed_rule(self.body, self.start)
        return parsed_rule(self.explicit, anchor)

    def _anchor(self, moment: datetime) -> datetime | None:
        """Start of the latest period at or before ``moment`` that the interval lands on.

        None while that is still the first period: the rule then reads from its own start.
        """
        start, every = self.start, self.interval
        if self.freq == "DAILY":
            periods = (moment.date() - start.date()).days // every
            first = start.date()
            return None if periods < 1 else _midnight(first + timedelta(days=periods * every))
        if self.freq == "WEEKLY":
            first = start.date() - timedelta(days=(start.weekday() - self.wkst) % 7)
            periods = (moment.date() - first).days // 7 // every
            return None if periods < 1 else _midnight(first + timedelta(weeks=periods * every))
        if self.freq == "MONTHLY":
            months = (moment.year - start.year) * 12 + moment.month - start.month
            periods = months // every
            month_one = _midnight(date(start.year, start.month, 1))
            return None if periods < 1 else month_one + relativedelta(months=periods * every)
        if self.freq == "YEARLY":
            periods = (moment.year - start.year) // every
            return None if periods < 1 else _midnight(date(start.year + periods * every, 1, 1))
        return None  # a sub-daily rule with BY parts: read from its start


def _midnight(day: date) -> datetime:
    """Midnight at the start of ``day``."""
    return datetime.combine(day, time())


@lru_cache(maxsize=4096)
def recurrence(body: str, naive_start: datetime) -> Recurrence:
    """The series ``body`` from ``naive_start``, shared by every reader of the same series."""
    start = naive_start.replace(microsecond=0)  # as dateutil does
    parts = _parts(body)
    freq = parts.get("FREQ", "")
    try:
        interval = max(1, int(parts.get("INTERVAL", "1")))
    except ValueError:
        interval = 1
    known = freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") and parts.keys() <= _RESTARTABLE
    return Recurrence(
        body=body,
        start=start,
        freq=freq,
        interval=interval,
        wkst=_WEEKDAYS.index(parts["WKST"]) if parts.get("WKST") in _WEEKDAYS else 0,
        restartable=known,
        explicit=_explicit_body(parts, start) if known else body,
        step=_uniform_step(parts, interval) if freq else None,
        cycle=_cycle(parts, interval) if freq and "UNTIL" not in parts else None,
    )
