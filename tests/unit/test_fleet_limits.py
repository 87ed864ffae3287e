"""A process's share of the bot's Telegram limits, and the flood guard's fallback."""

import time
from typing import Any

from bot.telegram.fleet_limits import SharedFloodBudget, SharedRateLimiter, split_limit
from core.ratelimit import TokenBuckets, Verdict
from tests.fakes import FrozenClock


def test_the_overall_rate_is_split_evenly_among_live_processes() -> None:
    assert split_limit(30, 1, 1) == (30, 1)
    assert split_limit(30, 1, 2) == (15, 1)
    assert split_limit(30, 1, 0) == (30, 1)  # never more than the bot's own limit


def test_a_share_under_one_message_per_period_stretches_the_period() -> None:
    assert split_limit(20, 60, 40) == (1.0, 120.0)


async def _send(limiter: SharedRateLimiter, messages: int) -> float:
    """Seconds ``messages`` sendMessage calls took through ``limiter``."""

    async def call(*_: Any, **__: Any) -> bool:
        return True

    began = time.perf_counter()
    for chat in range(messages):
        data = {"chat_id": chat, "text": "hi"}
        await limiter.process_request(call, (), {}, "sendMessage", data, None)
    return time.perf_counter() - began


async def test_alone_a_process_sends_twenty_messages_at_once() -> None:
    assert await _send(SharedRateLimiter(), 20) < 0.2


async def test_one_of_two_processes_sends_only_its_fifteen_a_second() -> None:
    limiter = SharedRateLimiter()
    limiter.share_among(2)
    # A burst of 15, then 15 a second: the other five wait about a third of a second.
    assert await _send(limiter, 20) >= 0.25


async def test_the_share_returns_when_the_other_process_is_gone() -> None:
    limiter = SharedRateLimiter(processes=2)
    limiter.share_among(1)
    assert limiter.processes == 1
    assert await _send(limiter, 20) < 0.2


class _DatabaseDown:
    async def spend(self, key: int) -> Verdict:
        raise ConnectionError("database is down")


async def test_while_the_shared_buckets_fail_the_guard_counts_in_this_process() -> None:
    budget = SharedFloodBudget(_DatabaseDown(), local=TokenBuckets(FrozenClock(), capacity=2))
    verdicts = [await budget.spend(7) for _ in range(4)]
    assert verdicts == [Verdict.PASS, Verdict.PASS, Verdict.REFUSE, Verdict.DROP]
