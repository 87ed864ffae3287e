"""Per-gateway, per-minute roll-up of attempts: the metrics store's unit of record."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from core.gateways import PAYER_FAULTS, GatewayResult, Outcome


@dataclass(frozen=True)
class GatewayMinute:
    """One gateway's attempts during one UTC minute."""

    gateway: str
    minute: datetime
    attempts: int
    successes: int
    gateway_faults: int
    payer_faults: int
    p50_ms: float
    p95_ms: float
    errors: dict[str, int] = field(default_factory=dict)  # outcome → count, failures only
    weight: float | None = None  # the router's traffic share in percent when rolled up

    @property
    def success_rate(self) -> float | None:
        """Technical success: payer faults count neither for nor against the gateway."""
        judged = self.attempts - self.payer_faults
        return self.successes / judged if judged else None


def _quantile(sorted_ms: list[float], share: float) -> float:
    if not sorted_ms:
        return 0.0
    return sorted_ms[min(len(sorted_ms) - 1, int(share * len(sorted_ms)))]


@dataclass
class _Bucket:
    latencies: list[float] = field(default_factory=list)
    outcomes: dict[Outcome, int] = field(default_factory=lambda: defaultdict(int))


class MinuteRollup:
    """Collects attempt results in memory and hands back each minute once it is over."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, datetime], _Bucket] = defaultdict(_Bucket)

    def observe(self, result: GatewayResult, at: datetime) -> None:
        """Count one attempt at ``at`` (aware UTC)."""
        minute = at.replace(second=0, microsecond=0)
        bucket = self._buckets[(result.gateway, minute)]
        bucket.latencies.append(result.latency_ms)
        bucket.outcomes[result.outcome] += 1

    def drain(self, now: datetime, weights: dict[str, float] | None = None) -> list[GatewayMinute]:
        """Finished minutes (before ``now``'s minute), removed from memory."""
        current = now.replace(second=0, microsecond=0)
        done = sorted(key for key in self._buckets if key[1] < current)
        return [self._minute(key, self._buckets.pop(key), weights or {}) for key in done]

    def peek(self) -> list[GatewayMinute]:
        """Minutes not yet drained (the one under way included), left in memory."""
        return [self._minute(key, self._buckets[key], {}) for key in sorted(self._buckets)]

    @staticmethod
    def _minute(key: tuple[str, datetime], b: _Bucket, weights: dict[str, float]) -> GatewayMinute:
        gateway, minute = key
        latencies = sorted(b.latencies)
        ok = b.outcomes.get(Outcome.SUCCEEDED, 0)
        payer = sum(n for o, n in b.outcomes.items() if o in PAYER_FAULTS)
        return GatewayMinute(
            gateway=gateway,
            minute=minute,
            attempts=len(latencies),
            successes=ok,
            gateway_faults=len(latencies) - ok - payer,
            payer_faults=payer,
            p50_ms=_quantile(latencies, 0.5),
            p95_ms=_quantile(latencies, 0.95),
            errors={o.value: n for o, n in b.outcomes.items() if o is not Outcome.SUCCEEDED},
            weight=weights.get(gateway),
        )
