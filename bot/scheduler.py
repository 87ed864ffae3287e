"""APScheduler jobs driving the system loops: due runs, notice delivery, confirmation expiry."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.health_watch import HealthWatch
from bot.operations import Operations
from bot.services import Services
from bot.telegram.connection import TelegramLink
from core.alarms import Alarms
from core.handled_updates import KEEP_HANDLED
from core.notices import Notifier
from core.payments.proposals import expire_stale
from core.scheduling.clock_steps import ClockSteps
from core.scheduling.tick import deliver, tick

log = logging.getLogger(__name__)

FOLLOW_SECONDS = 2.0  # an override stored by one process applies on the others within this
LEAD_SECONDS = 3.0  # how often a follower asks for the lead (and the leader checks it holds it)


class Loops(AsyncIOScheduler):
    """The scheduler, plus the jobs running right now so a shutdown lets them finish."""

    def __init__(self) -> None:
        super().__init__(timezone="UTC")
        self.in_flight: set[asyncio.Task[Any]] = set()

    def track(self, job: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        """``job``, remembered while it runs."""

        async def run() -> None:
            task = asyncio.current_task()
            assert task is not None
            self.in_flight.add(task)
            try:
                await job()
            finally:
                self.in_flight.discard(task)

        run.__name__ = job.__name__
        return run

    async def stop(self, seconds: float = 5.0) -> None:
        """No new runs; the running ones finish (a tick cut mid-claim would wait for recovery).

        Paused first and shut down only after: APScheduler's asyncio executor *cancels* the
        jobs still running when the scheduler shuts down.
        """
        if self.running:
            self.pause()
        if self.in_flight:
            await asyncio.wait(set(self.in_flight), timeout=seconds)
        if self.running:
            self.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn


def build_scheduler(
    services: Services, notifier: Notifier | None = None, link: TelegramLink | None = None
) -> Loops:
    """One job per loop; the database decides what is due, so restarts lose nothing."""
    scheduler = Loops()
    deps, metrics, tick_seconds = services.deps, services.metrics, services.settings.tick_seconds
    steps = ClockSteps()
    watch = HealthWatch(services, notifier, link, Alarms(deps.policy.operators))

    async def due_runs() -> None:
        began = time.perf_counter()
        now = deps.clock.now()
        step = steps.observe(now, time.monotonic())
        if step is not None:
            log.warning("the wall clock stepped forward by %s between ticks", step)
        try:
            report = await tick(deps, allowance=steps.allowance(now, deps.policy.misfire_grace))
        except Exception as error:  # told to operators once per outage; retried next tick
            await watch.tick_failed(error)
            return
        await watch.tick_worked()
        metrics.tick(report, time.perf_counter() - began)
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
    scheduler.add_job(
        scheduler.track(due_runs), "interval", seconds=tick_seconds, id="due-runs", **every
    )
    if notifier is not None:  # without a bot, notices wait in the outbox
        scheduler.add_job(
            scheduler.track(notices), "interval", seconds=tick_seconds, id="outbox", **every
        )
    scheduler.add_job(scheduler.track(expire), "interval", seconds=30, id="expiry", **every)
    scheduler.add_job(
        scheduler.track(_pruner(services)), "interval", hours=1, id="handled-updates", **every
    )
    _add_health_checks(scheduler, watch, every)
    _add_operations(scheduler, services.ops, services.settings.routing_cycle_seconds, every)
    return scheduler


def _pruner(services: Services) -> Callable[[], Awaitable[None]]:
    """Forget webhook update ids after a day: Telegram stops re-delivering by then."""

    async def prune() -> None:
        dropped = await services.updates.prune(services.deps.clock.now() - KEEP_HANDLED)
        if dropped:
            log.info("forgot %d handled webhook updates older than a day", dropped)

    return prune


def _add_health_checks(scheduler: Loops, watch: HealthWatch, every: dict[str, Any]) -> None:
    """The database probed with a write every 5 s, Telegram every 30 s (operator alarms)."""
    scheduler.add_job(
        scheduler.track(watch.check_database), "interval", seconds=5, id="database", **every
    )
    scheduler.add_job(
        scheduler.track(watch.check_telegram), "interval", seconds=30, id="telegram", **every
    )


def _add_operations(
    scheduler: Loops, ops: Operations, routing_seconds: float, every: dict[str, Any]
) -> None:
    """The routing agent's cycle, the metrics roll-up and (when enabled) simulated traffic.

    The cycle and the traffic are the fleet's once-only duties: the leader alone runs them.
    """

    async def routing_cycle() -> None:
        if not ops.leadership.is_leader:
            return
        _, changes = await ops.cycle()
        for change in changes:
            log.info("incident %s on %s", change.kind, change.incident.gateway)

    async def metrics() -> None:
        await ops.roll_up()

    async def traffic() -> None:
        if ops.leadership.is_leader:
            await ops.simulate(1.0)

    scheduler.add_job(
        scheduler.track(routing_cycle), "interval", seconds=routing_seconds, id="routing", **every
    )
    scheduler.add_job(scheduler.track(metrics), "interval", seconds=15, id="metrics", **every)
    if ops.traffic_tps > 0:
        scheduler.add_job(scheduler.track(traffic), "interval", seconds=1, id="traffic", **every)
    if ops.leadership.shared:
        _add_fleet_jobs(scheduler, ops, every)


def _add_fleet_jobs(scheduler: Loops, ops: Operations, every: dict[str, Any]) -> None:
    """With other processes on the database: follow their overrides, and keep or seek the lead."""

    async def overrides() -> None:
        await ops.follow_overrides()

    async def leadership() -> None:
        await ops.lead()

    at_once = ops.deps.clock.now()
    scheduler.add_job(
        scheduler.track(overrides),
        "interval",
        seconds=FOLLOW_SECONDS,
        id="overrides",
        next_run_time=at_once,
        **every,
    )
    scheduler.add_job(
        scheduler.track(leadership),
        "interval",
        seconds=LEAD_SECONDS,
        id="leadership",
        next_run_time=at_once,
        **every,
    )
