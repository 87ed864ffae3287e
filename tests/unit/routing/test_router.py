import random
from collections import Counter

from core.gateways import Outcome
from core.routing.breaker import BreakerState
from core.routing.config import RouterConfig
from core.routing.router import Router

THREE = {"stripe": ["USDC", "USD"], "paypal": ["USDC", "USD"], "razorpay": ["USDC", "INR"]}


def router(**overrides: object) -> tuple[Router, list[tuple[str, BreakerState, str]]]:
    moves: list[tuple[str, BreakerState, str]] = []
    r = Router(
        THREE,
        random.Random(7),
        RouterConfig(**overrides),  # type: ignore[arg-type]
        listener=lambda g, s, at, why: moves.append((g, s, why)),
    )
    return r, moves


def feed(r: Router, gateway: str, outcome: Outcome, n: int, at: float = 1.0) -> float:
    for _ in range(n):
        ticket = r.begin(gateway, at)
        at += 0.01
        r.record(gateway, outcome, 100.0, at, ticket)
    return at


def test_only_gateways_carrying_the_asset_are_chosen() -> None:
    r, _ = router()
    assert {r.choose("INR") for _ in range(200)} == {"razorpay"}
    assert r.choose("GBP") is None
    assert "razorpay" not in {r.choose("USD") for _ in range(200)}


def test_issuer_declines_never_count_against_a_gateway() -> None:
    r, moves = router()
    feed(r, "stripe", Outcome.SUCCEEDED, 50)
    before = r.score("stripe")
    feed(r, "stripe", Outcome.ISSUER_DECLINE, 200)
    feed(r, "stripe", Outcome.INSUFFICIENT_FUNDS, 200)
    assert r.score("stripe") == before
    assert r.state("stripe") is BreakerState.CLOSED and moves == []


def test_gateway_faults_lower_the_score() -> None:
    r, _ = router()
    feed(r, "paypal", Outcome.SUCCEEDED, 50)
    before = r.score("paypal")
    at = feed(r, "paypal", Outcome.SERVER_ERROR, 3)
    feed(r, "paypal", Outcome.SUCCEEDED, 1, at)
    assert r.score("paypal") < before


def test_breaker_opens_on_a_run_of_gateway_faults_and_stops_traffic() -> None:
    r, moves = router()
    at = feed(r, "stripe", Outcome.SUCCEEDED, 30)
    feed(r, "stripe", Outcome.TIMEOUT, 8, at)
    assert r.state("stripe") is BreakerState.OPEN
    assert moves[-1][:2] == ("stripe", BreakerState.OPEN)
    assert "stripe" not in {r.choose("USD") for _ in range(300)}


def test_breaker_half_opens_after_the_cool_down_and_sends_one_probe() -> None:
    r, _ = router()
    at = feed(r, "stripe", Outcome.SERVER_ERROR, 8)
    r.begin("paypal", at + r.cfg.breaker.open_s + 0.1)  # time passes
    assert r.state("stripe") is BreakerState.HALF_OPEN
    picks = [r.choose("USD") for _ in range(100)]
    assert picks.count("stripe") == 1  # one probe at a time


def test_a_successful_probe_closes_the_breaker_and_a_failed_one_reopens_it_for_longer() -> None:
    r, moves = router()
    at = feed(r, "stripe", Outcome.SERVER_ERROR, 8)
    at += r.cfg.breaker.open_s + 0.1
    r.begin("paypal", at)
    assert r.choose("USD") == "stripe"
    ticket = r.begin("stripe", at)
    r.record("stripe", Outcome.SERVER_ERROR, 50.0, at + 0.05, ticket)
    assert r.state("stripe") is BreakerState.OPEN
    first_cool = r.cfg.breaker.open_s
    r.begin("paypal", at + first_cool + 0.1)
    assert r.state("stripe") is BreakerState.OPEN  # backed off: waits longer than before
    at += first_cool * r.cfg.breaker.backoff + 0.2
    r.begin("paypal", at)
    assert r.choose("USD") == "stripe"
    ticket = r.begin("stripe", at)
    r.record("stripe", Outcome.SUCCEEDED, 50.0, at + 0.05, ticket)
    assert r.state("stripe") is BreakerState.CLOSED
    assert [s for g, s, _ in moves if g == "stripe"] == [
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.CLOSED,
    ]


def test_a_declined_probe_is_inconclusive_and_probing_continues() -> None:
    r, _ = router()
    at = feed(r, "stripe", Outcome.SERVER_ERROR, 8) + r.cfg.breaker.open_s + 0.1
    r.begin("paypal", at)
    assert r.choose("USD") == "stripe"
    ticket = r.begin("stripe", at)
    r.record("stripe", Outcome.ISSUER_DECLINE, 50.0, at + 0.05, ticket)
    assert r.state("stripe") is BreakerState.HALF_OPEN
    assert r.choose("USD") == "stripe"


def test_attempts_stuck_in_flight_trip_the_breaker_before_any_timeout_returns() -> None:
    r, moves = router()
    at = 0.0
    for _ in range(100):  # learn stripe's usual latency
        t = r.begin("stripe", at)
        r.record("stripe", Outcome.SUCCEEDED, 120.0, at + 0.12, t)
        at += 0.02
    for _ in range(40):  # now nothing comes back
        r.begin("stripe", at)
        at += 0.02
        if r.state("stripe") is BreakerState.OPEN:
            break
    assert r.state("stripe") is BreakerState.OPEN
    assert moves[-1][2] == "attempts stalled"


def test_exploration_share_is_bounded_when_one_gateway_is_clearly_best() -> None:
    r, _ = router(explore=0.04)
    at = feed(r, "stripe", Outcome.SUCCEEDED, 200)
    for gw in ("paypal",):
        at = feed(r, gw, Outcome.SUCCEEDED, 40, at)
        at = feed(r, gw, Outcome.SERVER_ERROR, 4, at)
        at = feed(r, gw, Outcome.SUCCEEDED, 40, at)
    counts = Counter(r.choose("USD") for _ in range(20000))
    others = counts["paypal"] / 20000
    assert 0.01 < others <= 0.04 + 0.01  # explored, but never more than the exploration share


def test_exclude_picks_another_gateway_or_none() -> None:
    r, _ = router()
    assert {r.choose("USD", exclude=("stripe",)) for _ in range(100)} == {"paypal"}
    assert r.choose("INR", exclude=("razorpay",)) is None


def test_agent_weights_scale_traffic_and_zero_disables() -> None:
    r, _ = router(explore=0.0)
    r.set_weights("USD", {"stripe": 0.0, "paypal": 100.0})
    assert {r.choose("USD") for _ in range(200)} == {"paypal"}
    assert r.weights("USD") == {"stripe": 0.0, "paypal": 100.0}


def test_a_zero_weight_gateway_still_carries_traffic_when_every_weighted_one_is_broken() -> None:
    r, _ = router(explore=0.0)
    r.set_weights("USD", {"stripe": 0.0, "paypal": 100.0})
    feed(r, "paypal", Outcome.TIMEOUT, 8)
    assert r.state("paypal") is BreakerState.OPEN
    assert {r.choose("USD") for _ in range(50)} == {"stripe"}  # not None: no payment fails unrouted


def test_retry_budget_caps_retries_to_a_share_of_recent_attempts() -> None:
    r, _ = router(retry_ratio=0.2, retry_floor=0)
    for _ in range(50):
        r.note_attempt(1.0)
    allowed = sum(r.allow_retry(1.5) for _ in range(30))
    assert allowed == 10
    assert r.allow_retry(20.0) is False  # the window slid: no recent attempts, no retries
