"""APScheduler jobs driving the system loops: due runs, notice delivery, confirmation expiry."""

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.notices import Notifier
from core.scheduling.tick import deliver, tick
from core.usecases.deps import Deps
from core.usecases.payments import expire_stale

log = logging.getLogger(__name__)


def build_scheduler(
    deps: Deps, *, tick_seconds: float = 1.0, notifier: Notifier | None = None
) -> AsyncIOScheduler:
    """One job per loop; the database decides what is due, so restarts lose nothing."""
    scheduler = AsyncIOScheduler(timezone="UTC")

    async def due_runs() -> None:
        report = await tick(deps)
        if report.executions or report.missed or report.recovered:
            log.info(
                "tick: %d executed, %d missed, %d recovered",
                len(report.executions),
                report.missed,
                report.recovered,
            )

    async def notices() -> None:
        assert notifier is not None
        await deliver(deps, notifier)

    async def expire() -> None:
        expired = await expire_stale(deps)
        if expired:
            log.info("expired %d unanswered confirmations", len(expired))

    # max_instances=1 with coalesce: a slow tick is never overlapped by the next one.
    every = {"max_instances": 1, "coalesce": True}
    scheduler.add_job(due_runs, "interval", seconds=tick_seconds, id="due-runs", **every)
    if notifier is not None:  # without a bot, notices wait in the outbox
        scheduler.add_job(notices, "interval", seconds=tick_seconds, id="outbox", **every)
    scheduler.add_job(expire, "interval", seconds=30, id="expiry", **every)
    return scheduler
