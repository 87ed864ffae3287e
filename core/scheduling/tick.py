"""The due-run tick and the outbox delivery: each run exactly once, each notice once."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from core.deps import Deps
from core.notices import Notifier, Queued, Undeliverable
from core.scheduling.claim import claim_due_runs, recover, sweep_missed
from core.scheduling.settle import send_all, settle
from core.scheduling.types import Audience, Claimed, Execution

log = logging.getLogger(__name__)

NOTICE_LEASE = timedelta(minutes=1)


@dataclass
class TickReport:
    """What one tick did."""

    missed: int = 0
    recovered: int = 0
    executions: list[Execution] = field(default_factory=list)


async def tick(
    deps: Deps, max_batches: int = 50, allowance: timedelta = timedelta(0)
) -> TickReport:
    """Mark missed runs, recover stuck ones, then claim, send and settle batches until none due.

    ``allowance``: a recent forward step of the wall clock, by which the misfire and lease
    windows are widened (see clock_steps).
    """
    report = TickReport()
    now = deps.clock.now()
    report.missed = await sweep_missed(deps, now, allowance)
    recovered = await recover(deps, now, allowance)
    report.recovered = len(recovered)
    if recovered:
        sent = await send_all(deps, recovered, resend=True)
        report.executions += await settle(deps, recovered, sent)
    for _ in range(max_batches):
        claimed, failures = await claim_due_runs(deps, deps.clock.now())
        report.executions += failures
        if not claimed and not failures:
            break
        report.executions += await settle(deps, claimed, await send_all(deps, claimed))
    return report


async def execute_claimed(
    deps: Deps, claimed: list[Claimed], failures: list[Execution], tell: Audience
) -> Execution | None:
    """Send and settle one already-claimed run (or report how its claim failed)."""
    if failures:
        return failures[0]
    if not claimed:
        return None
    executions = await settle(deps, claimed, await send_all(deps, claimed), tell)
    return executions[0] if executions else None


async def deliver(deps: Deps, notifier: Notifier, limit: int = 100) -> int:
    """Send queued notices; each is marked sent right after it goes out. How many were sent."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        queued = await uow.outbox.lease(now, now + NOTICE_LEASE, limit)
        await uow.commit()
    sent = 0
    for item in queued:
        try:
            await notifier.notify(item.notice)
        except Undeliverable as gone:
            await _give_up(deps, item, gone)
            continue
        except Exception as error:  # it stays queued and is retried when the lease ends
            # One line, not a traceback per notice: an outage would flood the log.
            log.warning("could not deliver notice %s (%s)", item.notice.key, type(error).__name__)
            continue
        async with deps.uow() as uow:
            if not await uow.outbox.mark_sent(item, deps.clock.now()):
                log.warning("notice %s was sent after its lease ran out", item.notice.key)
            await uow.commit()
        sent += 1
    return sent


async def _give_up(deps: Deps, item: Queued, gone: Undeliverable) -> None:
    """A notice that can never arrive ends; whoever should hear of that is told instead."""
    log.warning("notice %s is undeliverable: %s", item.notice.key, gone)
    now = deps.clock.now()
    async with deps.uow() as uow:
        if await uow.outbox.give_up(item, now) and item.notice.if_undeliverable is not None:
            await uow.outbox.add([item.notice.if_undeliverable], now)
        await uow.commit()
