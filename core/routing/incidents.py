"""Incidents: one per troubled gateway, opened when the agent acts, resolved on recovery."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from core.routing.actions import Applied, Observation

HEALTHY_GAP = 0.03  # within 3 points of the best carrier counts as recovered
# Rerouting away from a gateway is an incident only if it is clearly worse than the best; the
# gap between the two thresholds keeps window noise from opening and closing incidents.
TROUBLE_GAP = 0.10


class IncidentStatus(StrEnum):
    """An incident's life: open → acknowledged (an operator saw it) → resolved."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Incident:
    """A gateway in trouble, what was seen, and what the agent did about it."""

    id: str
    gateway: str
    status: IncidentStatus
    opened_at: datetime
    updated_at: datetime
    summary: str
    explanation: str
    actions: tuple[str, ...] = ()
    resolved_at: datetime | None = None
    acknowledged_by: int | None = None

    @property
    def active(self) -> bool:
        """Not yet resolved."""
        return self.status is not IncidentStatus.RESOLVED


@dataclass(frozen=True)
class Change:
    """What one cycle does to the incident list; ``alert`` means operators must be told."""

    incident: Incident
    kind: str  # "opened", "updated" or "resolved"
    alert: bool


@dataclass
class CycleFacts:
    """A routing cycle as the incident rules see it."""

    observation: Observation
    applied: list[Applied]
    explanation: str
    at: datetime
    troubled: dict[str, str] = field(default_factory=dict)


def troubled_gateways(observation: Observation, applied: list[Applied]) -> dict[str, str]:
    """Gateways the agent acted against, or whose breaker is not closed: gateway → what was seen."""
    found: dict[str, str] = {}
    for done in applied:
        action = done.action
        if not done.applied:
            continue
        if action.kind == "open_circuit_breaker" and action.gateway:
            found[action.gateway] = action.reason
        if action.kind == "reroute_traffic" and action.asset and action.weights:
            before = observation.weights.get(action.asset, {})
            for gateway, weight in action.weights.items():
                # Weight taken from a healthy gateway is a restore elsewhere, not trouble here.
                lowered = weight < before.get(gateway, 0.0) - 1e-9
                if lowered and _degraded(observation, gateway):
                    found.setdefault(gateway, action.reason)
    for name, health in observation.gateways.items():
        if health.state != "closed":
            found.setdefault(name, f"breaker {health.state}")
    return found


def _best(observation: Observation, default: float) -> float:
    rates = [g.window_success for g in observation.gateways.values()]
    return max((r for r in rates if r is not None), default=default)


def _degraded(observation: Observation, gateway: str) -> bool:
    health = observation.gateways.get(gateway)
    if health is None or health.window_success is None:
        return False
    return health.window_success < _best(observation, health.window_success) - TROUBLE_GAP


def _recovered(observation: Observation, gateway: str) -> bool:
    health = observation.gateways.get(gateway)
    if health is None or health.state != "closed" or health.window_success is None:
        return False
    return health.window_success >= _best(observation, health.window_success) - HEALTHY_GAP


def plan(active: list[Incident], facts: CycleFacts, new_id: Callable[[], str]) -> list[Change]:
    """Open, update or resolve incidents for one cycle; at most one alert per incident event."""
    trouble = troubled_gateways(facts.observation, facts.applied)
    actions = tuple(a.action.kind for a in facts.applied if a.applied)
    by_gateway = {i.gateway: i for i in active if i.active}
    changes: list[Change] = []
    for gateway, seen in sorted(trouble.items()):
        current = by_gateway.get(gateway)
        if current is None:
            opened = Incident(
                id=new_id(),
                gateway=gateway,
                status=IncidentStatus.OPEN,
                opened_at=facts.at,
                updated_at=facts.at,
                summary=f"{gateway}: {seen}",
                explanation=facts.explanation,
                actions=actions,
            )
            changes.append(Change(opened, "opened", alert=True))
        elif actions:
            updated = replace(
                current,
                updated_at=facts.at,
                explanation=facts.explanation,
                actions=current.actions + actions,
            )
            changes.append(Change(updated, "updated", alert=False))  # one alert per incident
    for gateway, current in by_gateway.items():
        if gateway not in trouble and _recovered(facts.observation, gateway):
            resolved = replace(
                current, status=IncidentStatus.RESOLVED, updated_at=facts.at, resolved_at=facts.at
            )
            changes.append(Change(resolved, "resolved", alert=True))
    return changes
