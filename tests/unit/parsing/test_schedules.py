"""Schedule grammar: each family from the eval README's product rules, checked via Schedule.runs."""

from datetime import UTC, datetime

import pytest

from core.parsing.schedules import monthday_rule, parse_schedule
from core.parsing.text import fold
from core.schedule import Schedule
from tests.unit.parsing.conftest import NOW, iso_runs


def runs_of(text: str, n: int = 3) -> list[str]:
    """First ``n`` runs of the schedule in ``text``."""
    return iso_runs(parse_schedule(fold(text), NOW, "UTC").runs(n))


def schedule_of(text: str) -> Schedule:
    """The schedule in ``text``."""
    return parse_schedule(fold(text), NOW, "UTC")


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("every Friday", ["2026-03-06 09:00", "2026-03-13 09:00", "2026-03-20 09:00"]),
        ("every Wednesday", ["2026-03-11 09:00", "2026-03-18 09:00", "2026-03-25 09:00"]),
        ("every Wednesday at 3pm", ["2026-03-04 15:00", "2026-03-11 15:00", "2026-03-18 15:00"]),
        ("every day at 8am", ["2026-03-05 08:00", "2026-03-06 08:00", "2026-03-07 08:00"]),
        ("daily at 6pm", ["2026-03-04 18:00", "2026-03-05 18:00", "2026-03-06 18:00"]),
        ("every weekday", ["2026-03-05 09:00", "2026-03-06 09:00", "2026-03-09 09:00"]),
        (
            "every Tuesday and Thursday",
            ["2026-03-05 09:00", "2026-03-10 09:00", "2026-03-12 09:00"],
        ),
        ("on Fridays", ["2026-03-06 09:00", "2026-03-13 09:00", "2026-03-20 09:00"]),
    ],
)
def test_anchored_schedules_start_at_the_first_match_strictly_after_now(
    text: str, runs: list[str]
) -> None:
    assert runs_of(text) == runs


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("every 2 hours", ["2026-03-04 10:00", "2026-03-04 12:00", "2026-03-04 14:00"]),
        ("monthly", ["2026-03-04 10:00", "2026-04-04 10:00", "2026-05-04 10:00"]),
        ("every other day", ["2026-03-04 10:00", "2026-03-06 10:00", "2026-03-08 10:00"]),
        ("once a week", ["2026-03-04 10:00", "2026-03-11 10:00", "2026-03-18 10:00"]),
        ("every 3 weeks", ["2026-03-04 10:00", "2026-03-25 10:00", "2026-04-15 10:00"]),
    ],
)
def test_unanchored_periods_start_now(text: str, runs: list[str]) -> None:
    assert runs_of(text) == runs


def test_every_five_seconds_runs_from_now_to_the_second() -> None:
    runs = parse_schedule(fold("every 5 seconds"), NOW, "UTC").runs(3)
    assert [r.second for r in runs] == [0, 5, 10]


def test_every_other_friday_counts_from_first_run() -> None:
    assert runs_of("every other Friday") == [
        "2026-03-06 09:00",
        "2026-03-20 09:00",
        "2026-04-03 09:00",
    ]


def test_every_2_weeks_on_monday_counts_from_first_run_not_from_now() -> None:
    assert runs_of("every 2 weeks on Monday") == [
        "2026-03-09 09:00",
        "2026-03-23 09:00",
        "2026-04-06 09:00",
    ]


@pytest.mark.parametrize(
    "text",
    ["every month on the 31st", "on the last day of every month", "at the end of every month"],
)
def test_month_clip_runs_on_the_last_day_of_short_months(text: str) -> None:
    assert runs_of(text) == ["2026-03-31 09:00", "2026-04-30 09:00", "2026-05-31 09:00"]


def test_the_30th_clips_to_february_28th() -> None:
    later = datetime(2026, 1, 31, 10, tzinfo=UTC)
    runs = parse_schedule(fold("on the 30th of every month"), later, "UTC").runs(2)
    assert iso_runs(runs) == ["2026-02-28 09:00", "2026-03-30 09:00"]


def test_monthday_rule_keeps_ordinary_days_plain() -> None:
    assert monthday_rule(15) == "BYMONTHDAY=15"
    assert monthday_rule(31) == "BYMONTHDAY=28,29,30,31;BYSETPOS=-1"


def test_monthly_day_that_passed_today_starts_next_month() -> None:
    assert runs_of("on the 4th of each month") == [
        "2026-04-04 09:00",
        "2026-05-04 09:00",
        "2026-06-04 09:00",
    ]
    assert runs_of("on the 4th of each month at noon")[0] == "2026-03-04 12:00"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        (
            "on the first Monday of every month",
            ["2026-04-06 09:00", "2026-05-04 09:00", "2026-06-01 09:00"],
        ),
        (
            "on the last Friday of every month",
            ["2026-03-27 09:00", "2026-04-24 09:00", "2026-05-29 09:00"],
        ),
        (
            "on the second Tuesday of each month",
            ["2026-03-10 09:00", "2026-04-14 09:00", "2026-05-12 09:00"],
        ),
    ],
)
def test_nth_weekday_of_the_month(text: str, runs: list[str]) -> None:
    assert runs_of(text) == runs


@pytest.mark.parametrize(
    ("text", "count", "runs"),
    [
        ("every Friday, 4 times", 4, 3),
        ("for 3 weeks, every Monday", 3, 3),
        ("every day for 5 days", 5, 3),
        ("every month for 6 months", 6, 3),
        ("every 2 weeks, 2 payments in total", 2, 2),
        ("for the next 2 Fridays", 2, 2),
        ("every 10 minutes for an hour", 6, 3),
    ],
)
def test_counts_limit_the_runs(text: str, count: int, runs: int) -> None:
    schedule = schedule_of(text)
    assert schedule.count == count
    assert len(schedule.runs(3)) == runs


def test_for_the_next_two_fridays_is_weekly_on_friday() -> None:
    assert runs_of("for the next 2 Fridays") == ["2026-03-06 09:00", "2026-03-13 09:00"]


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("", "2026-03-04 10:00"),
        ("right now", "2026-03-04 10:00"),
        ("asap", "2026-03-04 10:00"),
        ("today", "2026-03-04 10:00"),
        ("tomorrow", "2026-03-05 09:00"),
        ("tomorrow at 6pm", "2026-03-05 18:00"),
        ("on Friday", "2026-03-06 09:00"),
        ("this Friday", "2026-03-06 09:00"),
        ("on Thursday", "2026-03-05 09:00"),
        ("next Monday", "2026-03-09 09:00"),
        ("next Tuesday at 14:30", "2026-03-10 14:30"),
        ("in 10 minutes", "2026-03-04 10:10"),
        ("in half an hour", "2026-03-04 10:30"),
        ("3 hours from now", "2026-03-04 13:00"),
        ("at 3pm", "2026-03-04 15:00"),
        ("today at 5pm", "2026-03-04 17:00"),
        ("on March 20", "2026-03-20 09:00"),
        ("on April 1st at 8:30am", "2026-04-01 08:30"),
        ("on the 25th", "2026-03-25 09:00"),
        ("on 3/15", "2026-03-15 09:00"),
        ("on Saturday at noon", "2026-03-07 12:00"),
    ],
)
def test_one_offs_have_exactly_one_run(text: str, run: str) -> None:
    schedule = schedule_of(text)
    assert not schedule.is_recurring
    assert iso_runs(schedule.runs(3)) == [run]


def test_wall_time_is_kept_in_the_users_timezone() -> None:
    schedule = parse_schedule(fold("every day at 9am"), NOW, "Europe/Berlin")
    assert [r.hour for r in schedule.runs(3)] == [9, 9, 9]
    assert schedule.runs(1)[0].utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    [
        "every 99999999 years for 999999 years",
        "for 0 weeks",
        "every 0 days",
        "2026-02-30",
        "25:00",
        "13pm",
    ],
)
def test_absurd_schedules_do_not_raise(text: str) -> None:
    schedule_of(text).runs(3)
