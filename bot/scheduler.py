"""APScheduler jobs driving the system loops: due runs, notice delivery, confirmation expiry."""

import logging
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.operations import Operations
from core.notices import Notifier
from core.scheduling.tick import deliver, tick
from core.usecases.deps import Deps
from core.usecases.payments import expire_stale

log = logging.getLogger(__name__)


def build_scheduler(
    deps: Deps,
    *,
    tick_seconds: float = 1.0,
    notifier: Notifier | None = None,
    ops: Operations | None = None,
    routing_seconds: float = 10.0,
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
    if ops is not None:
        _add_operations(scheduler, ops, routing_seconds, every)
    return scheduler


def _add_operations(
    scheduler: AsyncIOScheduler, ops: Operations, routing_seconds: float, every: dict[str, Any]
) -> None:
    """The routing agent's cycle, the metrics roll-up and (when enabled) simulated traffic."""

    async def routing_cycle() -> None:
        _, changes = await ops.cycle()
        for change in changes:
            log.info("incident %s on %s", change.kind, change.incident.gateway)

    async def metrics() -> None:
        await ops.roll_up()

    async def traffic() -> None:
        await ops.simulate(1.0)

    scheduler.add_job(routing_cycle, "interval", seconds=routing_seconds, id="routing", **every)
    scheduler.add_job(metrics, "interval", seconds=15, id="metrics", **every)
    if ops.traffic_tps > 0:
        scheduler.add_job(traffic, "interval", seconds=1, id="traffic", **every)
