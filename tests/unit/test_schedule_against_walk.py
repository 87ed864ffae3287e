"""Next runs and run counts read near a moment agree with walking the rule from its first run."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from core import recurrence
from core.parsing.schedules import monthday_rule, parse_schedule
from core.parsing.text import fold
from core.schedule import Schedule

# Zones with DST in both hemispheres, a half-hour zone, one with a 30-minute DST shift.
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
ZONES += ("Australia/Lord_Howe",)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Roughly one period of each frequency, to keep the oracle's walk short.
PERIOD = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "MONTHLY": timedelta(days=31),
    "YEARLY": timedelta(days=366),
}
WALKED = 1500  # periods the oracle walks at most


def walk(schedule: Schedule) -> Iterator[datetime]:
    """The oracle: every run of the series in order, read from its first run (aware, UTC)."""
    assert schedule.rrule is not None
    sub_daily = any(f in schedule.rrule for f in ("SECONDLY", "MINUTELY", "HOURLY"))
    zone = UTC if sub_daily else schedule.zone
    start = schedule.first_run.astimezone(zone).replace(tzinfo=None)
    runs = (o.replace(tzinfo=zone).astimezone(UTC) for o in rrulestr(schedule.rrule, dtstart=start))
    return runs if schedule.count is None else islice(runs, schedule.count)


def walked_next(schedule: Schedule, moment: datetime) -> datetime | None:
    return next((run for run in walk(schedule) if run > moment), None)


def walked_count(schedule: Schedule, start: datetime, end: datetime) -> int:
    total = 0
    for run in walk(schedule):
        if run >= end:
            break
        total += run >= start
    return total


def _weekday_sets() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True).map(",".join)


def _nth_weekdays() -> st.SearchStrategy[str]:
    nth = st.tuples(st.sampled_from((1, 2, 3, 4, 5, -1)), st.sampled_from(DAYS))
    return st.lists(nth, min_size=1, max_size=2, unique=True).map(
        lambda pairs: ",".join(f"{n:+d}{day}" for n, day in pairs)
    )


def _monthdays() -> st.SearchStrategy[str]:
    clipped = st.sampled_from([*range(1, 32), -1]).map(monthday_rule)
    pairs = st.tuples(st.integers(1, 31), st.integers(1, 31)).filter(lambda p: p[0] != p[1])
    listed = pairs.map(lambda p: "BYMONTHDAY=" + ",".join(str(d) for d in sorted(p)))
    return clipped | listed


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """Every rule shape the parser writes: sub-daily intervals, weekdays, nth days, clipping."""
    freq = draw(st.sampled_from(tuple(PERIOD)))
    interval = draw(st.sampled_from((1, 1, 2, 3, 5, 7, 12, 90, 1000)))
    parts = [f"FREQ={freq}"]
    if freq == "YEARLY" and draw(st.booleans()):
        parts.append(f"BYMONTH={draw(st.integers(1, 12))}")
    if freq in ("DAILY", "WEEKLY") and draw(st.booleans()):
        parts.append("BYDAY=" + draw(_weekday_sets()))
    if freq in ("MONTHLY", "YEARLY"):
        choice = draw(st.sampled_from(("none", "nth", "monthday")))
        if choice == "nth":
            parts.append("BYDAY=" + draw(_nth_weekdays()))
        elif choice == "monthday":
            parts.append(draw(_monthdays()))
    body = ";".join(parts)
    return body + (f";INTERVAL={interval}" if interval > 1 else "")


first_runs = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A series from a drawn rule, its first run at whole seconds or not, counted or not."""
    first = draw(first_runs)
    if draw(st.booleans()):
        first = first.replace(microsecond=0)
    count = draw(st.none() | st.integers(min_value=1, max_value=400))
    return Schedule(first, draw(st.sampled_from(ZONES)), draw(bodies()), count)


def _span(schedule: Schedule) -> timedelta:
    body = schedule.rrule or ""
    freq = next(f for f in PERIOD if f"FREQ={f}" in body)
    interval = int(body.split("INTERVAL=")[1]) if "INTERVAL=" in body else 1
    return min(PERIOD[freq] * interval * WALKED, timedelta(days=40 * 365))


offsets = st.floats(min_value=-0.05, max_value=1.0)


@settings(max_examples=400, deadline=None)
@given(schedules(), offsets)
def test_the_next_run_is_the_one_the_walk_from_the_first_run_finds(
    schedule: Schedule, share: float
) -> None:
    moment = schedule.first_run + _span(schedule) * share
    got = schedule.next_after(moment)
    assert (got and got.astimezone(UTC)) == walked_next(schedule, moment), (schedule, moment)


@settings(max_examples=400, deadline=None)
@given(schedules(), offsets, st.floats(min_value=0.0, max_value=0.3))
def test_the_runs_counted_in_a_window_are_the_ones_the_walk_lists(
    schedule: Schedule, share: float, width: float
) -> None:
    start = schedule.first_run + _span(schedule) * share
    end = start + _span(schedule) * width
    got = schedule.count_between(start, end)
    assert got == walked_count(schedule, start, end), (schedule, start, end)


PHRASES = (
    "every 5 seconds",
    "every 10 minutes",
    "every 3 hours",
    "hourly",
    "daily",
    "every day at 2:30",
    "every morning",
    "nightly",
    "every weekday at 9am",
    "every weekend",
    "every friday",
    "every other tuesday",
    "every monday and thursday at 18:00",
    "weekly",
    "fortnightly",
    "monthly",
    "quarterly",
    "every month on the 31st",
    "on the 1st and 15th of every month",
    "every first monday of the month",
    "on the last friday of every month",
    "at the end of every month",
    "every year on 29 february",
    "yearly",
    "every 2 weeks for 3 months",
    "every day 10 times",
    "every 5 seconds 20 times",
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PHRASES),
    first_runs,
    st.sampled_from(ZONES),
    offsets,
    st.floats(min_value=0.0, max_value=0.3),
)
def test_series_the_parser_writes_agree_with_the_walk(
    phrase: str, now: datetime, zone: str, share: float, width: float
) -> None:
    schedule = parse_schedule(fold(phrase), now, zone)
    assert schedule.is_recurring, phrase
    moment = schedule.first_run + _span(schedule) * share
    got = schedule.next_after(moment)
    assert (got and got.astimezone(UTC)) == walked_next(schedule, moment), (schedule, moment)
    end = moment + _span(schedule) * width
    assert schedule.count_between(moment, end) == walked_count(schedule, moment, end)


class _CountingRule:
    """A parsed rule that counts the occurrences dateutil yields through it."""

    def __init__(self, rule: Any, tally: list[int]) -> None:
        self._rule, self._tally = rule, tally

    def after(self, moment: datetime) -> datetime | None:
        return next(self.xafter(moment), None)

    def xafter(self, moment: datetime, inc: bool = False) -> Iterator[datetime]:
        for found in self._rule.xafter(moment, inc=inc):
            self._tally.append(1)
            if found > moment or (inc and found == moment):
                yield found


@pytest.fixture
def yielded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for every occurrence a series' rule yields while the test runs."""
    tally: list[int] = []
    real = recurrence.parsed_rule
    monkeypatch.setattr(recurrence, "parsed_rule", lambda *a: _CountingRule(real(*a), tally))
    return tally


@pytest.mark.parametrize(
    ("body", "zone"),
    [
        ("FREQ=SECONDLY;INTERVAL=5", "Europe/Berlin"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "Europe/Berlin"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "America/New_York"),
    ],
)
def test_a_year_old_series_finds_its_next_run_without_walking_its_past(
    yielded: list[int], body: str, zone: str
) -> None:
    first = datetime(2025, 1, 1, 9, 0, 0, 250_000, tzinfo=UTC)
    schedule = Schedule(first, zone, body)
    a_year_on = first + timedelta(days=365, seconds=2)
    nxt = schedule.next_after(a_year_on)
    schedule.count_between(a_year_on, a_year_on + timedelta(days=30))
    assert nxt == walked_next(schedule, a_year_on)
    assert len(yielded) < 60  # a day's worth near the moment, not a year's behind it


def test_a_year_of_five_second_runs_is_counted_not_listed(yielded: list[int]) -> None:
    first = datetime(2025, 1, 1, 9, 0, 0, 250_000, tzinfo=UTC)
    schedule = Schedule(first, "Europe/Berlin", "FREQ=SECONDLY;INTERVAL=5")
    a_year_on = first + timedelta(days=365, seconds=2)
    assert schedule.next_after(a_year_on) == datetime(2026, 1, 1, 9, 0, 5, tzinfo=UTC)
    assert schedule.count_between(a_year_on, a_year_on + timedelta(days=30)) == 30 * 24 * 720
    assert yielded == []  # 6,307,200 runs lie behind and 518,400 ahead: none enumerated


def test_a_counted_series_ends_at_its_last_run_however_far_on_it_is_asked() -> None:
    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    schedule = Schedule(first, "Europe/Berlin", "FREQ=DAILY", count=10)
    last = first + timedelta(days=9)
    assert schedule.next_after(last - timedelta(seconds=1)) == last
    assert schedule.next_after(last) is None
    assert schedule.next_after(first + timedelta(days=4000)) is None
    assert schedule.count_between(first, first + timedelta(days=4000)) == 10


def test_a_window_ending_in_the_repeated_autumn_hour_counts_by_real_time() -> None:
    # Berlin repeats 02:00-03:00 on 25 October 2026; the 02:30 run is the first pass (00:30 UTC).
    first = datetime(2026, 10, 20, 0, 30, tzinfo=UTC)  # 02:30 CEST
    schedule = Schedule(first, "Europe/Berlin", "FREQ=DAILY")
    second_pass = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 02:15 CET, after that run
    assert schedule.count_between(first, second_pass) == walked_count(schedule, first, second_pass)
    assert schedule.count_between(first, second_pass) == 6
