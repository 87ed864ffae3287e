"""Ports for the operations side: the metrics store, incidents and the agent's action log."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.metrics import GatewayPoint
from core.routing.incidents import Incident
from core.routing.minutes import GatewayMinute


class OperationsStore(Protocol):
    """Persistence for gateway metrics, incidents and agent actions (one transaction a call)."""

    async def add_minutes(self, minutes: Sequence[GatewayMinute], source: str = "") -> None:
        """Store finished per-gateway minutes counted by process ``source``."""
        ...

    async def totals_of_others(self, since: datetime, source: str) -> Mapping[str, tuple[int, int]]:
        """Per gateway (judged attempts, successes) in minutes since ``since`` counted by
        processes other than ``source``."""
        ...

    async def prune_minutes(self, before: datetime) -> int:
        """Delete minutes older than ``before``; how many went."""
        ...

    async def gateway_points(self, since: datetime, until: datetime) -> Sequence[GatewayPoint]:
        """Per-gateway per-minute points (several processes' rows summed), oldest first."""
        ...

    async def active_incidents(self) -> Sequence[Incident]:
        """Incidents not yet resolved."""
        ...

    async def recent_incidents(self, limit: int) -> Sequence[Incident]:
        """The newest incidents, resolved ones included."""
        ...

    async def get_incident(self, incident_id: str) -> Incident | None: ...

    async def save_incident(self, incident: Incident) -> bool:
        """Insert or update an incident; False when another is already active for its gateway."""
        ...

    async def acknowledge(self, incident_id: str, operator_id: int, at: datetime) -> bool:
        """open → acknowledged by compare-and-set; True only for the first acknowledgement."""
        ...

    async def log_cycle(
        self, at: datetime, explanation: str, chooser: str, actions: Sequence[dict[str, Any]]
    ) -> None:
        """Record one agent cycle's applied actions with its reasoning."""
        ...

    async def log_effect(self, at: datetime, effect: dict[str, Any]) -> None:
        """Attach the measured effect to the latest logged cycle with actions."""
        ...
