"""Gateway metrics as charts read them: per-gateway, per-minute points from a source port."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class GatewayPoint:
    """One gateway's traffic during one minute."""

    gateway: str
    minute: datetime
    attempts: int
    successes: int  # failures that were the payer's fault count as neither here nor against it
    p50_ms: float
    p95_ms: float
    weight: float | None = None  # routing share in percent, when a router assigns one

    @property
    def success_rate(self) -> float | None:
        """Successes per attempt in percent, or None without attempts."""
        return 100.0 * self.successes / self.attempts if self.attempts else None


class GatewayMetricsSource(Protocol):
    """Where gateway metrics come from (the routing issue provides the real one)."""

    async def gateway_points(self, since: datetime, until: datetime) -> Sequence[GatewayPoint]:
        """Points with ``since <= minute < until``, oldest first."""
        ...
