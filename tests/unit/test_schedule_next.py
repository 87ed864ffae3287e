from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.schedule import Schedule

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_one_off_has_its_run_then_nothing() -> None:
    when = datetime(2026, 3, 4, 10, tzinfo=UTC)
    once = Schedule.once(when)
    assert once.next_after(when - timedelta(seconds=1)) == when
    assert once.next_after(when) is None


def test_the_next_run_keeps_local_wall_time_across_the_autumn_change() -> None:
    first = datetime(2026, 10, 23, 9, tzinfo=BERLIN)  # clocks go back on Sun 25 October
    schedule = Schedule(first, "Europe/Berlin", "FREQ=DAILY")
    moment, hours = first, []
    for _ in range(4):
        nxt = schedule.next_after(moment)
        assert nxt is not None
        hours.append((nxt.astimezone(BERLIN).hour, nxt.astimezone(UTC).hour))
        moment = nxt
    assert hours == [(9, 7), (9, 8), (9, 8), (9, 8)]


def test_count_ends_the_series_and_matches_runs() -> None:
    first = datetime(2026, 3, 6, 9, tzinfo=UTC)
    schedule = Schedule(first, "UTC", "FREQ=WEEKLY", count=3)
    got, moment = [], first - timedelta(seconds=1)
    while (nxt := schedule.next_after(moment)) is not None:
        got.append(nxt)
        moment = nxt
    assert got == schedule.runs(10)
    assert len(got) == 3


def test_the_next_run_after_an_outage_skips_to_the_first_one_after_the_moment() -> None:
    first = datetime(2026, 3, 6, 9, tzinfo=UTC)
    schedule = Schedule(first, "UTC", "FREQ=DAILY")
    assert schedule.next_after(first + timedelta(days=3, hours=1)) == first + timedelta(days=4)
