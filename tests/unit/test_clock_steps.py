"""A forward step of the wall clock is told apart from time passing."""

from datetime import UTC, datetime, timedelta

from core.scheduling.clock_steps import ClockSteps

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)


def test_time_passing_is_not_a_step() -> None:
    steps = ClockSteps()
    assert steps.observe(T0, 100.0) is None
    assert steps.observe(T0 + timedelta(seconds=1), 101.0) is None
    assert steps.observe(T0 + timedelta(minutes=10), 701.0) is None  # a slow tick, both clocks
    assert steps.allowance(T0 + timedelta(minutes=10), timedelta(hours=1)) == timedelta(0)


def test_a_forward_jump_is_a_step_that_widens_the_window_until_it_is_past() -> None:
    steps = ClockSteps()
    steps.observe(T0, 100.0)
    jumped = T0 + timedelta(hours=2, minutes=30, seconds=1)
    assert steps.observe(jumped, 101.0) == timedelta(hours=2, minutes=30)
    grace = timedelta(hours=1)
    assert steps.allowance(jumped, grace) == timedelta(hours=2, minutes=30)
    assert steps.allowance(jumped + timedelta(hours=3, minutes=29), grace) > timedelta(0)
    assert steps.allowance(jumped + timedelta(hours=3, minutes=31), grace) == timedelta(0)


def test_jitter_under_the_tolerance_is_ignored() -> None:
    steps = ClockSteps()
    steps.observe(T0, 0.0)
    assert steps.observe(T0 + timedelta(seconds=20), 1.0) is None
