"""Telegram's per-bot limits shared by every process of the bot, not granted to each one.

Telegram allows a bot about 30 messages a second overall and 20 a minute per group, whoever
sends them. The overall rate is split evenly among the live processes (counted from a heartbeat
row each writes every 5 s) rather than coordinated through the database per message: a split
costs no round trip per send and no hot row, and errs on the safe side (a killed process's share
returns to the others within 15 s). The flood guard is the opposite case: it counts one person's
updates, which the webhook spreads over every process, so its buckets live in the database.
"""

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.constants import FloodLimit
from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.scheduler import Loops
from core.ratelimit import FleetLimits, FloodBudget, Verdict

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
SHARED_BUDGET_TIMEOUT_S = 1.0  # a slow database must not hold every update up
WARN_EVERY_S = 60.0


def split_limit(rate: float, period: float, processes: int) -> tuple[float, float]:
    """``rate`` per ``period`` shared by ``processes``: one process's (max_rate, period).

    aiolimiter cannot take a request larger than its max_rate, so a share under one message
    per period is one message per a longer period instead.
    """
    share = rate / max(processes, 1)
    return (share, period) if share >= 1 else (1.0, period / share)


@dataclass
class SharedRateLimiter(BaseRateLimiter[int]):
    """PTB's AIORateLimiter at this process's share of the bot's limits; retries RetryAfter."""

    max_retries: int = 3
    processes: int = 1
    _inner: AIORateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self._inner = self._limiter_for(self.processes)

    def share_among(self, processes: int) -> None:
        """From now on this process sends its 1/``processes`` of the bot's rate."""
        processes = max(processes, 1)
        if processes != self.processes:
            log.info("Telegram limits shared by %d processes", processes)
            self.processes, self._inner = processes, self._limiter_for(processes)

    def _limiter_for(self, processes: int) -> AIORateLimiter:
        overall = split_limit(FloodLimit.MESSAGES_PER_SECOND, 1, processes)
        group = split_limit(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP, 60, processes)
        return AIORateLimiter(*overall, *group, max_retries=self.max_retries)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """The request, sent when this process's share of the limits allows."""
        inner = self._inner  # a share change mid-request leaves this one on its old limiter
        return await inner.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


@dataclass
class SharedFloodBudget:
    """The fleet's flood buckets, and this process's own when the database does not answer."""

    shared: FloodBudget
    local: FloodBudget
    _warned_at: float = field(default=float("-inf"), repr=False)

    async def spend(self, key: int) -> Verdict:
        """The shared verdict; the local one while the database fails (never an update lost)."""
        try:
            async with asyncio.timeout(SHARED_BUDGET_TIMEOUT_S):
                return await self.shared.spend(key)
        except Exception as error:  # the guard protects the service; it must not stop it
            now = time.monotonic()
            if now - self._warned_at >= WARN_EVERY_S:
                self._warned_at = now
                log.warning(
                    "shared flood guard unavailable (%s); counting locally", type(error).__name__
                )
            return await self.local.spend(key)


def add_fleet_heartbeat(
    scheduler: Loops, limits: FleetLimits, limiter: BaseRateLimiter[Any] | None
) -> None:
    """On start and every 5 s: say this process is alive and take its share of the send rate."""

    async def fleet_heartbeat() -> None:
        try:
            processes = await limits.heartbeat()
        except Exception as error:  # the database's own alarm tells operators; keep the share
            log.warning("fleet heartbeat failed (%s)", type(error).__name__)
            return
        if isinstance(limiter, SharedRateLimiter):
            limiter.share_among(processes)

    beat = scheduler.track(fleet_heartbeat)
    scheduler.add_job(beat, id="fleet-join")  # no trigger: once, as the scheduler starts
    every = {"max_instances": 1, "coalesce": True}
    scheduler.add_job(beat, "interval", seconds=HEARTBEAT_SECONDS, id="fleet-heartbeat", **every)
