"""APScheduler jobs driving the system loops: the due-run tick and confirmation expiry."""

import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.usecases.deps import Deps
from core.usecases.execution import Execution
from core.usecases.payments import expire_stale
from core.usecases.ticks import execute_due_runs

log = logging.getLogger(__name__)

ExecutionListener = Callable[[Execution], Awaitable[None]]


def build_scheduler(
    deps: Deps, *, tick_seconds: float = 1.0, on_executed: ExecutionListener | None = None
) -> AsyncIOScheduler:
    """One job per loop; the database decides what is due, so restarts lose nothing."""
    scheduler = AsyncIOScheduler(timezone="UTC")

    async def tick() -> None:
        for execution in await execute_due_runs(deps):
            if on_executed is not None:
                await on_executed(execution)

    async def expire() -> None:
        expired = await expire_stale(deps)
        if expired:
            log.info("expired %d unanswered confirmations", len(expired))

    # max_instances=1 with coalesce: a slow tick is never overlapped by the next one.
    scheduler.add_job(
        tick, "interval", seconds=tick_seconds, id="due-runs", max_instances=1, coalesce=True
    )
    scheduler.add_job(expire, "interval", seconds=30, id="expiry", max_instances=1, coalesce=True)
    return scheduler
