"""The scheduler bench's aged series: each seeded run executes once and its series goes on."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.adapters import SystemClock
from bot.composition.container import build_container
from bot.settings import Settings
from core.states import RunStatus
from lab.bench.support import CountingRail, SeriesShape, seed
from lab.bench.worker import work
from storage.models import RunRow

RUNS = 40


async def test_seeded_runs_of_month_old_minutely_series_run_once_and_plan_the_next(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    shape = SeriesShape(every=timedelta(minutes=1), age=timedelta(days=30))
    due_at = SystemClock().now().replace(microsecond=0) + timedelta(days=1)
    system = await build_container(settings, rail=CountingRail(), migrate=True)
    try:
        await seed(system.deps, RUNS, RUNS // 2, due_at, shape)
        figures = await work(url, due_at, 10, clock_stops_at=due_at + shape.every / 2)
        async with system.engine.connect() as db:
            runs = (await db.execute(select(RunRow))).all()
        executed = [r for r in runs if r.status != RunStatus.DUE]
        later = [r for r in runs if r.status == RunStatus.DUE]
        async with system.deps.uow() as uow:
            series = [await uow.payments.get(r.payment_id) for r in later]
    finally:
        await system.aclose()
    assert figures["gateway_calls"] == RUNS  # the next runs never fell due
    assert len(executed) == RUNS  # none held back by the pre-run checks
    assert {r.status for r in executed} <= {RunStatus.SUCCEEDED, RunStatus.FAILED}
    assert (
        sorted(r.scheduled_at.replace(tzinfo=due_at.tzinfo) for r in later)
        == [due_at + shape.every] * RUNS
    )
    assert {p.schedule.first_run for p in series if p} == {due_at - timedelta(days=30)}
