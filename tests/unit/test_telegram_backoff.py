"""Reconnecting to Telegram: waits double from one second, are capped, and are jittered."""

from bot.telegram.connection import MAX_WAIT_S, backoff


def test_waits_double_under_a_cap_with_jitter_between_half_and_all_of_the_ceiling() -> None:
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (7, MAX_WAIT_S), (40, MAX_WAIT_S)]:
        waits = {backoff(attempt) for _ in range(200)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 20  # jittered: a fleet does not retry in lockstep
