"""Attempts roll up into per-gateway minutes; payer faults never count against a gateway."""

from datetime import UTC, datetime

from core.gateways import GatewayResult, Outcome
from core.routing.minutes import MinuteRollup

T0 = datetime(2026, 3, 4, 10, 0, 5, tzinfo=UTC)


def result(gateway: str, outcome: Outcome, ms: float = 100.0) -> GatewayResult:
    return GatewayResult(gateway, outcome, ms)


def test_a_finished_minute_is_handed_back_once_with_its_counts() -> None:
    rollup = MinuteRollup()
    for ms in (100, 200, 300):
        rollup.observe(result("stripe", Outcome.SUCCEEDED, ms), T0)
    rollup.observe(result("stripe", Outcome.ISSUER_DECLINE), T0)
    rollup.observe(result("stripe", Outcome.TIMEOUT, 5000), T0)
    assert rollup.drain(T0) == []  # the minute is still running
    (minute,) = rollup.drain(T0.replace(minute=1), {"stripe": 70.0})
    assert (minute.attempts, minute.successes, minute.gateway_faults, minute.payer_faults) == (
        5,
        3,
        1,
        1,
    )
    assert minute.success_rate == 0.75
    assert minute.errors == {"issuer_decline": 1, "timeout": 1}
    assert (minute.p50_ms, minute.p95_ms, minute.weight) == (200, 5000, 70.0)
    assert rollup.drain(T0.replace(minute=2)) == []


def test_gateways_and_minutes_are_kept_apart() -> None:
    rollup = MinuteRollup()
    rollup.observe(result("stripe", Outcome.SUCCEEDED), T0)
    rollup.observe(result("circle", Outcome.SERVER_ERROR), T0)
    rollup.observe(result("circle", Outcome.SUCCEEDED), T0.replace(minute=1))
    drained = rollup.drain(T0.replace(minute=2))
    assert [(m.gateway, m.minute.minute, m.attempts) for m in drained] == [
        ("circle", 0, 1),
        ("circle", 1, 1),
        ("stripe", 0, 1),
    ]
