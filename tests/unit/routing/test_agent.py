import random
from itertools import pairwise

from core.gateways import Outcome
from core.routing.actions import Action, AgentState
from core.routing.breaker import BreakerState
from core.routing.guardrails import apply, restore_gradually
from core.routing.policy import learn, observe, propose
from core.routing.router import Router
from lab.routing.cycle import AgentCycle


def router() -> Router:
    return Router(
        {"stripe": ["USDC", "USD"], "paypal": ["USDC", "USD"], "circle": ["USDC"]}, random.Random(3)
    )


def feed(r: Router, gateway: str, ok: int, bad: int, at: float) -> None:
    for i in range(ok + bad):
        t = r.begin(gateway, at)
        r.record(gateway, Outcome.SUCCEEDED if i < ok else Outcome.SERVER_ERROR, 100.0, at, t)
        at += 0.001


def test_rerouted_weights_always_sum_to_100_per_asset() -> None:
    r = router()
    applied = apply(
        [
            Action(
                "reroute_traffic",
                "test",
                asset="USDC",
                weights={"stripe": 3, "paypal": 1, "circle": 1, "nope": 50},
            )
        ],
        r,
    )
    assert applied[0].applied
    assert abs(sum(r.weights("USDC").values()) - 100.0) < 1e-9
    assert set(r.weights("USDC")) == {"stripe", "paypal", "circle"}


def test_the_last_healthy_gateway_is_never_disabled() -> None:
    r = router()
    r.trip("paypal", 1.0)
    blocked = apply([Action("open_circuit_breaker", "test", gateway="stripe")], r, 1.0)
    assert not blocked[0].applied and "last healthy" in blocked[0].note
    assert r.state("stripe") is BreakerState.CLOSED
    zeroed = apply(
        [Action("reroute_traffic", "test", asset="USD", weights={"stripe": 0, "paypal": 100})],
        r,
        1.0,
    )
    assert not zeroed[0].applied


def test_a_gateway_may_be_opened_while_another_healthy_one_carries_its_assets() -> None:
    r = router()
    r.trip("stripe", 1.0)
    assert apply([Action("open_circuit_breaker", "t", gateway="circle")], r, 1.0)[0].applied
    assert not apply([Action("open_circuit_breaker", "t", gateway="paypal")], r, 1.0)[0].applied
    assert r.state("paypal") is BreakerState.CLOSED


def test_a_recovered_gateway_is_restored_gradually() -> None:
    current = {"stripe": 5.0, "paypal": 95.0}
    steps = [current]
    while steps[-1]["stripe"] < 49.9:
        steps.append(restore_gradually(steps[-1], {"stripe": 50.0, "paypal": 50.0}))
        assert abs(sum(steps[-1].values()) - 100.0) < 1e-9
    rises = [b["stripe"] - a["stripe"] for a, b in pairwise(steps)]
    assert len(steps) > 3 and all(
        rise <= max(10.0, a["stripe"]) + 1e-9 for rise, a in zip(rises, steps, strict=False)
    )


def test_retry_budget_is_clamped_to_twenty_percent() -> None:
    r = router()
    apply([Action("throttle_retries", "t", budget=0.9)], r)
    assert r.budget.ratio == 0.2


def test_policy_opens_a_failing_gateway_and_reroutes_away_from_it() -> None:
    r = router()
    feed(r, "stripe", 300, 10, 1.0)
    feed(r, "circle", 200, 5, 1.0)
    feed(r, "paypal", 20, 60, 1.0)
    r.reset("paypal", 2.0)  # pretend its breaker had not tripped on its own
    actions = propose(observe(r.take_window(10.0)), AgentState())
    kinds = {(a.kind, a.gateway) for a in actions}
    assert ("open_circuit_breaker", "paypal") in kinds


def test_policy_proposes_nothing_when_all_is_well() -> None:
    r = router()
    for g in ("stripe", "paypal", "circle"):
        feed(r, g, 300, 9, 1.0)
    assert propose(observe(r.take_window(10.0)), AgentState()) == []


def test_learn_compares_before_and_after() -> None:
    r = router()
    feed(r, "stripe", 50, 50, 1.0)
    before = observe(r.take_window(10.0))
    feed(r, "stripe", 99, 1, 11.0)
    after = observe(r.take_window(20.0))
    state = AgentState()
    record = learn(before, after, [], state)
    assert record.verdict == "improved" and state.history == [record]


def test_an_agent_cycle_runs_end_to_end() -> None:
    r = router()
    feed(r, "stripe", 100, 0, 1.0)
    report = AgentCycle(r).run(10.0)
    assert report.observation.gateways["stripe"].attempts == 100
