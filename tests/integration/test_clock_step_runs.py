"""A wall-clock step does not make an on-time run "missed — I was offline"."""

from datetime import timedelta

from bot.composition.container import Container
from core.scheduling.clock_steps import ClockSteps
from core.scheduling.tick import tick
from core.states import RunStatus
from tests.fakes import FrozenClock
from tests.scheduling import BOB, people, runs_of, standing, weekly


async def _run_due_in_a_minute(system: Container, clock: FrozenClock) -> str:
    ids = await people(system)
    first = clock.now() + timedelta(minutes=1)
    return (await standing(system, ids[BOB], "10", weekly(first, count=1))).id


async def test_a_run_due_during_a_forward_clock_step_is_executed_not_missed(
    container: Container, clock: FrozenClock
) -> None:
    payment_id = await _run_due_in_a_minute(container, clock)
    steps = ClockSteps()
    steps.observe(clock.now(), 1000.0)
    clock.advance(hours=2, minutes=30)  # the wall clock jumps; one real second passes
    assert steps.observe(clock.now(), 1001.0) is not None
    grace = container.deps.policy.misfire_grace
    report = await tick(container.deps, allowance=steps.allowance(clock.now(), grace))
    assert report.missed == 0
    [run] = await runs_of(container, payment_id)
    assert run.status is RunStatus.SUCCEEDED


async def test_a_run_found_late_after_real_downtime_is_still_missed(
    container: Container, clock: FrozenClock
) -> None:
    payment_id = await _run_due_in_a_minute(container, clock)
    clock.advance(hours=2, minutes=30)  # the process was down: a new one has no readings
    steps = ClockSteps()
    assert steps.observe(clock.now(), 5.0) is None
    grace = container.deps.policy.misfire_grace
    report = await tick(container.deps, allowance=steps.allowance(clock.now(), grace))
    assert report.missed == 1
    [run] = await runs_of(container, payment_id)
    assert run.status is RunStatus.MISSED
