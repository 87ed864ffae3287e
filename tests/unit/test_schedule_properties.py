"""Schedule properties: runs strictly increase, and the next run is never at or before now."""

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.schedule import Schedule

# Zones with DST in both hemispheres, a half-hour zone, and one without DST.
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
RULES = (
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY",
    "FREQ=HOURLY",
    "FREQ=MINUTELY;INTERVAL=30",
)
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A recurring schedule as the parser writes them, anchored at a local wall time."""
    zone = draw(st.sampled_from(ZONES))
    first = draw(moments).replace(microsecond=0)
    count = draw(st.none() | st.integers(min_value=1, max_value=12))
    return Schedule(first, zone, draw(st.sampled_from(RULES)), count)


@given(schedules())
def test_runs_strictly_increase_in_real_time(schedule: Schedule) -> None:
    runs = [r.astimezone(UTC) for r in schedule.runs(12)]
    assert runs, schedule
    assert all(a < b for a, b in itertools.pairwise(runs)), (schedule, runs)


@given(schedules(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_the_next_run_is_strictly_after_the_moment_asked(
    schedule: Schedule, later: timedelta
) -> None:
    moment = schedule.first_run + later
    nxt = schedule.next_after(moment)
    if nxt is not None:
        assert nxt > moment, (schedule, moment, nxt)


@given(schedules())
def test_walking_next_after_visits_exactly_the_listed_runs(schedule: Schedule) -> None:
    listed = schedule.runs(6)
    walked, moment = [], schedule.first_run - timedelta(seconds=1)
    while len(walked) < 6 and (nxt := schedule.next_after(moment)) is not None:
        walked.append(nxt)
        moment = nxt
    assert [w.astimezone(UTC) for w in walked] == [r.astimezone(UTC) for r in listed]


def test_an_hourly_series_across_the_spring_change_runs_every_elapsed_hour() -> None:
    # Sydney skips 02:00-03:00 local on 5 October 2025 (15:00-16:00 UTC on the 4th).
    first = datetime(2025, 10, 4, 13, 0, tzinfo=UTC)
    runs = Schedule(first, "Australia/Sydney", "FREQ=HOURLY").runs(5)
    assert [r.astimezone(UTC).hour for r in runs] == [13, 14, 15, 16, 17]
