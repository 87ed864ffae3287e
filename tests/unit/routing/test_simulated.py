import random

from core.gateways import Outcome
from core.routing.simulated import Profile, RandomDraws, SimulatedGateway
from tests.unit.routing.fakes import request


def gateway(profile: Profile, seed: int = 1) -> SimulatedGateway:
    return SimulatedGateway("stripe", ["USDC"], profile, RandomDraws(random.Random(seed)))


async def test_a_repeated_idempotency_key_returns_the_first_answer() -> None:
    gw = gateway(Profile(0.5, 100, 200, failure="timeout", issuer_decline_rate=0.3))
    for i in range(30):
        first = await gw.charge(request(f"run-{i}"))
        for _ in range(5):
            assert await gw.charge(request(f"run-{i}")) is first


async def test_a_key_that_failed_fast_is_tried_afresh_but_charged_at_most_once() -> None:
    gw = gateway(Profile(0.5, 100, 200, failure="error"))
    recovered = 0
    for i in range(40):
        results = [await gw.charge(request(f"run-{i}")) for _ in range(6)]
        charged = [r for r in results if r.succeeded]
        if charged:
            first = results.index(charged[0])
            assert all(r is charged[0] for r in results[first:])  # one charge, then its replay
            recovered += first > 0
    assert recovered > 0


async def test_different_keys_are_charged_independently() -> None:
    gw = gateway(Profile(0.5, 100, 200))
    outcomes = {(await gw.charge(request(f"run-{i}"))).outcome for i in range(50)}
    assert {Outcome.SUCCEEDED, Outcome.SERVER_ERROR} <= outcomes


async def test_the_same_seed_gives_the_same_results() -> None:
    a, b = gateway(Profile(0.7, 100, 200), 5), gateway(Profile(0.7, 100, 200), 5)
    for i in range(30):
        ra, rb = await a.charge(request(f"k{i}")), await b.charge(request(f"k{i}"))
        assert (ra.outcome, ra.latency_ms) == (rb.outcome, rb.latency_ms)


def test_latency_is_lognormal_fitted_to_p50_and_p95() -> None:
    gw = gateway(Profile(1.0, 120, 260))
    rng = random.Random(3)
    latencies = sorted(gw.decide(0.9, 0.0, rng.gauss(0, 1))[1] for _ in range(20000))
    assert abs(latencies[10000] - 120) < 5
    assert abs(latencies[19000] - 260) < 15


def test_timeouts_cost_the_timeout_and_errors_are_fast() -> None:
    gw = gateway(Profile(0.0, 120, 260, "timeout", 0.0, 5000))
    assert gw.decide(0.9, 0.99, 0.0) == (Outcome.TIMEOUT, 5000)
    gw.set_failure(1.0, "error")
    outcome, latency = gw.decide(0.9, 0.99, 0.0)
    assert outcome is Outcome.SERVER_ERROR and latency < 120


def test_issuer_declines_come_before_the_gateways_own_failures() -> None:
    gw = gateway(Profile(0.0, 120, 260, "error", 0.2))
    assert gw.decide(0.1, 0.99, 0.0)[0] in {Outcome.ISSUER_DECLINE, Outcome.INSUFFICIENT_FUNDS}


def test_chaos_controls_change_and_restore_behaviour() -> None:
    gw = gateway(Profile(0.97, 120, 260))
    gw.set_failure(1.0, "network")
    assert gw.success_rate == 0.0
    assert gw.decide(0.9, 0.5, 0.0)[0] is Outcome.NETWORK
    gw.slow_down(2000, 4000)
    assert gw.decide(0.9, 0.5, 0.0)[1] > 500
    gw.restore()
    assert gw.profile == Profile(0.97, 120, 260)


async def test_a_live_gateway_can_really_wait_for_its_latency() -> None:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    gw = SimulatedGateway(
        "stripe", ["USDC"], Profile(1.0, 100, 200), RandomDraws(random.Random(1)), sleep=sleep
    )
    result = await gw.charge(request())
    assert waited == [result.latency_ms / 1000.0]
