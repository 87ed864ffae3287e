"""The adaptive router against every dev scenario in shared/eval/routing (speed aside)."""

import json
from pathlib import Path
from typing import Any

import pytest

from lab.routing.bench import run_bench

SCENARIOS = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "routing"
FILES = sorted(SCENARIOS.glob("*.json")) if SCENARIOS.is_dir() else []


@pytest.fixture(scope="module", params=FILES, ids=[f.stem for f in FILES])
def results(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    scenario = json.loads(Path(request.param).read_text())
    return {r["policy"]: r for r in run_bench(scenario, ["static", "adaptive", "oracle"])}


pytestmark = pytest.mark.skipif(not FILES, reason="shared/eval/routing is not checked out")


def test_regret_is_at_most_half_a_point(results: dict[str, dict[str, Any]]) -> None:
    assert results["adaptive"]["regret_pp"] <= 0.5


def test_hard_outages_are_detected_within_30_attempts(results: dict[str, dict[str, Any]]) -> None:
    adaptive = results["adaptive"]
    for fault, tx in zip(adaptive["faults"], adaptive["detect_tx"], strict=True):
        if fault["hard"]:
            assert tx is not None and tx <= 30, fault


def test_nothing_trips_when_no_gateway_is_at_fault(results: dict[str, dict[str, Any]]) -> None:
    adaptive = results["adaptive"]
    if not adaptive["faults"]:
        assert adaptive["false_trips"] == 0 and adaptive["flaps"] == 0
    assert adaptive["false_trips"] == 0


def test_lost_payments_are_a_tenth_of_static(results: dict[str, dict[str, Any]]) -> None:
    adaptive, static = results["adaptive"], results["static"]
    if not adaptive["faults"]:
        return
    assert adaptive["lost"] <= 0.10 * static["lost"]


def test_p95_latency_is_within_one_and_a_half_times_the_oracle(
    results: dict[str, dict[str, Any]],
) -> None:
    assert results["adaptive"]["p95_ms"] <= 1.5 * results["oracle"]["p95_ms"]
