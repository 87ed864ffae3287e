"""Token buckets and throttles on a frozen clock."""

from core.ratelimit import Throttle, TokenBuckets, Verdict
from tests.fakes import FrozenClock


def test_a_burst_within_capacity_passes() -> None:
    buckets = TokenBuckets(FrozenClock(), capacity=3, per_second=1)
    assert [buckets.check(1) for _ in range(3)] == [Verdict.PASS] * 3


def test_a_flood_is_refused_once_then_dropped_quietly() -> None:
    buckets = TokenBuckets(FrozenClock(), capacity=2, per_second=1)
    verdicts = [buckets.check(1) for _ in range(5)]
    assert verdicts == [Verdict.PASS, Verdict.PASS, Verdict.REFUSE, Verdict.DROP, Verdict.DROP]


def test_tokens_come_back_with_time_and_a_new_flood_is_refused_again() -> None:
    clock = FrozenClock()
    buckets = TokenBuckets(clock, capacity=1, per_second=0.5)
    assert buckets.check(1) is Verdict.PASS
    assert buckets.check(1) is Verdict.REFUSE
    clock.advance(seconds=2)
    assert buckets.check(1) is Verdict.PASS
    assert buckets.check(1) is Verdict.REFUSE


def test_each_user_has_their_own_bucket() -> None:
    buckets = TokenBuckets(FrozenClock(), capacity=1, per_second=1)
    assert buckets.check(1) is Verdict.PASS
    assert buckets.check(2) is Verdict.PASS
    assert buckets.check(1) is Verdict.REFUSE


def test_forgotten_users_start_with_a_full_bucket() -> None:
    buckets = TokenBuckets(FrozenClock(), capacity=1, per_second=0.001, max_keys=2)
    for user in (1, 2, 3):
        assert buckets.check(user) is Verdict.PASS
    assert buckets.check(1) is Verdict.PASS  # 1 was evicted, so it is new again


def test_a_throttle_fires_once_per_window_per_key() -> None:
    clock = FrozenClock()
    throttle = Throttle(clock, every_seconds=60)
    assert [throttle.allow("a"), throttle.allow("a"), throttle.allow("b")] == [True, False, True]
    clock.advance(seconds=61)
    assert throttle.allow("a")
