"""Incident rules: one per troubled gateway, quiet while it lasts, resolved on recovery."""

from datetime import UTC, datetime, timedelta

from core.routing.actions import Action, Applied, GatewayHealth, Observation
from core.routing.incidents import CycleFacts, Incident, IncidentStatus, plan, troubled_gateways

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)


def health(name: str, success: float | None, state: str = "closed") -> GatewayHealth:
    return GatewayHealth(name, ("USDC",), state, success or 0.0, 100, 100, 100, success, 200.0)


def observation(**gateways: tuple[float | None, str]) -> Observation:
    return Observation(
        at=0.0,
        span_s=10.0,
        gateways={n: health(n, s, st) for n, (s, st) in gateways.items()},
        carriers={"USDC": tuple(gateways)},
        weights={"USDC": {n: 100 / len(gateways) for n in gateways}},
        first_attempts=300,
        retries=0,
        retry_ratio=0.0,
        success_rate=0.9,
    )


def ids() -> object:
    counter = iter(range(1, 100))
    return lambda: f"{next(counter):032x}"


def opened(gateway: str) -> Incident:
    return Incident("a" * 32, gateway, IncidentStatus.OPEN, T0, T0, f"{gateway}: x", "y")


def test_an_open_breaker_opens_one_incident_with_an_alert() -> None:
    facts = CycleFacts(observation(circle=(0.2, "open"), stripe=(0.97, "closed")), [], "e", T0)
    [change] = plan([], facts, ids())  # type: ignore[arg-type]
    assert (change.kind, change.alert, change.incident.gateway) == ("opened", True, "circle")


def test_while_it_lasts_an_incident_is_updated_without_a_new_alert() -> None:
    act = Applied(Action("open_circuit_breaker", "bad", gateway="circle"), applied=True)
    facts = CycleFacts(observation(circle=(0.2, "open"), stripe=(0.97, "closed")), [act], "e", T0)
    [change] = plan([opened("circle")], facts, ids())  # type: ignore[arg-type]
    assert (change.kind, change.alert) == ("updated", False)


def test_recovery_within_three_points_of_the_best_resolves_with_an_alert() -> None:
    facts = CycleFacts(
        observation(circle=(0.96, "closed"), stripe=(0.97, "closed")),
        [],
        "e",
        T0 + timedelta(minutes=5),
    )
    [change] = plan([opened("circle")], facts, ids())  # type: ignore[arg-type]
    assert (change.kind, change.alert, change.incident.status) == (
        "resolved",
        True,
        IncidentStatus.RESOLVED,
    )


def test_a_still_weak_gateway_stays_open() -> None:
    facts = CycleFacts(observation(circle=(0.90, "closed"), stripe=(0.97, "closed")), [], "e", T0)
    assert plan([opened("circle")], facts, ids()) == []  # type: ignore[arg-type]


def test_taking_weight_from_a_healthy_gateway_is_not_trouble() -> None:
    obs = observation(circle=(0.99, "closed"), stripe=(0.95, "closed"))
    shift = Action(
        "reroute_traffic", "restore circle", asset="USDC", weights={"circle": 70, "stripe": 30}
    )
    assert troubled_gateways(obs, [Applied(shift, applied=True)]) == {}


def test_rerouting_away_from_a_clearly_worse_gateway_is_trouble() -> None:
    obs = observation(circle=(0.70, "closed"), stripe=(0.97, "closed"))
    away = Action(
        "reroute_traffic", "circle degraded", asset="USDC", weights={"circle": 10, "stripe": 90}
    )
    assert troubled_gateways(obs, [Applied(away, applied=True)]) == {"circle": "circle degraded"}
