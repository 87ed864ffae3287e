from typing import Any

import pytest

from lab.routing.bench import POLICIES, format_table, run_bench
from lab.routing.faults import Fault, find_faults
from lab.routing.metrics import Trace, summarise
from lab.routing.scenario import parse

TINY: dict[str, Any] = {
    "name": "tiny",
    "seed": 3,
    "duration_s": 60,
    "tps": 20,
    "issuer_decline_rate": 0.1,
    "timeout_ms": 2000,
    "gateways": {
        "a": {"assets": ["USDC"], "success_rate": 0.97, "latency_ms": {"p50": 100, "p95": 200}},
        "b": {"assets": ["USDC"], "success_rate": 0.95, "latency_ms": {"p50": 150, "p95": 300}},
    },
    "events": [
        {"at_s": 20, "gateway": "a", "success_rate": 0.0, "failure": "timeout"},
        {"at_s": 40, "gateway": "a", "success_rate": 0.97},
    ],
}


def trace_with(before: int, faulty: int, after: int, trips: list[float] | None = None) -> Trace:
    """``before`` attempts on a, onset at 20 s, ``faulty`` more on a, then ``after`` on b."""
    trace = Trace()
    trace.attempts += [(i * 0.1, "a", "USDC") for i in range(before)]
    trace.attempts += [(20 + i * 0.05, "a", "USDC") for i in range(faulty)]
    trace.attempts += [(21 + i * 0.04, "b", "USDC") for i in range(after)]
    trace.payments = [(True, False, 100.0)] * 10
    trace.moves = [(t, "a", "open") for t in trips or []]
    return trace


def test_faults_pair_each_degradation_with_its_recovery() -> None:
    assert find_faults(parse(TINY)) == [Fault("a", 20.0, 40.0, True)]


def test_detect_tx_counts_attempts_on_the_faulty_gateway_until_its_share_drops() -> None:
    sc = parse(TINY)
    result = summarise("x", sc, find_faults(sc), trace_with(150, 7, 450))
    assert result["detect_tx"] == [7]
    assert result["detect_s"] == [0.3]


def test_detect_tx_stops_counting_when_the_breaker_opens() -> None:
    sc = parse(TINY)
    result = summarise("x", sc, find_faults(sc), trace_with(150, 7, 450, trips=[20.12]))
    assert result["detect_tx"] == [3]
    assert result["false_trips"] == 0 and result["flaps"] == 0


def test_detect_is_null_when_the_faulty_gateway_keeps_its_share() -> None:
    sc = parse(TINY)
    result = summarise("x", sc, find_faults(sc), trace_with(150, 400, 0))
    assert result["detect_tx"] == [None]


def test_a_trip_of_a_healthy_gateway_is_a_false_trip_and_a_flap() -> None:
    sc = parse(TINY)
    result = summarise("x", sc, find_faults(sc), trace_with(150, 7, 450, trips=[5.0]))
    assert result["false_trips"] == 1 and result["flaps"] == 1


def test_ramps_move_values_linearly() -> None:
    sc = parse(
        {**TINY, "events": [{"at_s": 10, "gateway": "a", "success_rate": 0.5, "ramp_s": 10}]}
    )
    assert sc.value("a", "success_rate", 15) == pytest.approx(0.735)
    assert sc.value("a", "success_rate", 30) == 0.5


def test_run_bench_reports_every_metric_for_every_policy() -> None:
    results = run_bench(TINY, list(POLICIES))
    assert [r["policy"] for r in results] == list(POLICIES)
    keys = {
        "payments",
        "succeeded",
        "success_rate",
        "regret_pp",
        "attempts_per_payment",
        "detect_tx",
        "detect_s",
        "lost",
        "false_trips",
        "flaps",
        "recover_s",
        "p50_ms",
        "p95_ms",
        "decisions_per_s",
    }
    for r in results:
        assert keys <= set(r)
        assert r["payments"] == results[0]["payments"] > 1000  # the same arrivals for all
    by = {r["policy"]: r for r in results}
    assert by["oracle"]["regret_pp"] == 0
    assert by["static"]["detect_tx"] == [None]
    assert by["static"]["attempts_per_payment"] == 1
    assert by["adaptive"]["lost"] < by["static"]["lost"]
    table = format_table(results)
    assert table.count("\n") == len(POLICIES) and "adaptive" in table


def test_unknown_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown policy"):
        run_bench(TINY, ["psychic"])


def test_runs_are_deterministic() -> None:
    assert (
        run_bench(TINY, ["adaptive"])[0]["succeeded"]
        == run_bench(TINY, ["adaptive"])[0]["succeeded"]
    )
