"""Gateway points for charts: the stored minutes plus those this process has not stored yet."""

from collections.abc import Sequence
from datetime import datetime

from core.metrics import GatewayMetricsSource, GatewayPoint
from core.routing.minutes import GatewayMinute, MinuteRollup


def _point(minute: GatewayMinute) -> GatewayPoint:
    """A minute still in memory, judged like a stored one (payer faults left out)."""
    return GatewayPoint(
        gateway=minute.gateway,
        minute=minute.minute,
        attempts=minute.attempts - minute.payer_faults,
        successes=minute.successes,
        p50_ms=minute.p50_ms,
        p95_ms=minute.p95_ms,
    )


class LiveGatewayMetrics:
    """Right after a payment its minute is only in memory; a chart should still show it."""

    def __init__(self, stored: GatewayMetricsSource, rollup: MinuteRollup) -> None:
        self._stored = stored
        self._rollup = rollup

    async def gateway_points(self, since: datetime, until: datetime) -> Sequence[GatewayPoint]:
        """Stored points, then open minutes the store does not hold, oldest first."""
        points = list(await self._stored.gateway_points(since, until))
        held = {(p.gateway, p.minute) for p in points}
        # The minute under way starts at or before ``until``; it belongs to the window too.
        points += [
            _point(m)
            for m in self._rollup.peek()
            if since <= m.minute <= until and (m.gateway, m.minute) not in held
        ]
        return sorted(points, key=lambda p: (p.minute, p.gateway))
