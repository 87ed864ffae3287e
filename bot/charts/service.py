"""Charts by name: gather the data through the ports, render off the event loop, caption it."""

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.charts import gateways, ledger, style
from core.deps import Deps
from core.entities import User
from core.errors import DomainError
from core.history import LedgerHistory, window
from core.metrics import GatewayMetricsSource, GatewayPoint
from core.money import format_amount
from core.people import registered_user

GATEWAY_KINDS = ("success", "latency", "traffic")
LEDGER_KINDS = ("balance", "spending")
KINDS = GATEWAY_KINDS + LEDGER_KINDS
MAX_CAPTION = 1024


@dataclass(frozen=True)
class ChartImage:
    """A rendered chart and the caption that goes with it."""

    kind: str
    png: bytes
    caption: str


def chart_kind(name: str | None) -> str:
    """A chart name, or a plain sentence listing the ones there are."""
    kind = (name or "").lower()
    if kind not in KINDS:
        raise DomainError(f"I can draw: {', '.join(KINDS)}. For example: /chart balance 7d")
    return kind


class ChartService:
    """Renders every chart kind for a person (or for the whole system where that makes sense)."""

    def __init__(self, deps: Deps, history: LedgerHistory, metrics: GatewayMetricsSource) -> None:
        self._deps = deps
        self._history = history
        self._metrics = metrics

    async def render(
        self, name: str | None, window_name: str | None = None, telegram_id: int | None = None
    ) -> ChartImage:
        """The chart ``name`` over the window; DomainError with a plain sentence if it can't."""
        kind = chart_kind(name)
        label, span = window(window_name)
        until = self._deps.clock.now()
        since = until - span
        user = await self._user(telegram_id, required=kind == "balance")
        tz = user.timezone if user else self._deps.policy.default_timezone
        asset = self._deps.policy.default_asset
        if kind in GATEWAY_KINDS:
            points = await self._metrics.gateway_points(since, until)
            draw = {"success": gateways.success, "latency": gateways.latency}.get(
                kind, gateways.traffic
            )
            start = style.zoomed_start([p.minute for p in points], since, until)
            png = await asyncio.to_thread(draw, points, start, until, tz)
            return ChartImage(kind, png, _gateway_caption(kind, label, points))
        if kind == "balance":
            assert user is not None
            series = await self._history.balance_series(user.id, asset, since)
            steps = series.points(since, until)
            opened = [series.starts_at] if series.starts_at else []
            start = style.zoomed_start(opened, since, until, room=False)
            png = await asyncio.to_thread(ledger.balance, steps, asset, start, until, tz)
            change = series.change()
            sign = "+" if change > 0 else "−" if change < 0 else "±"
            caption = (
                f"Balance, last {label}: {format_amount(steps[-1][1], asset)} now "
                f"({sign}{format_amount(abs(change), asset)})"
            )
            return ChartImage(kind, png, caption)
        spends = await self._history.spending(user.id if user else None, asset, since)
        png = await asyncio.to_thread(ledger.spending, spends, asset, label)
        total = sum((s.amount for s in spends), Decimal(0))
        caption = (
            f"Spending, last {label}: {format_amount(total, asset)} to "
            f"{len(spends)} recipient{'' if len(spends) == 1 else 's'}"
        )
        return ChartImage(kind, png, caption)

    async def _user(self, telegram_id: int | None, *, required: bool) -> User | None:
        if telegram_id is None:
            if required:
                raise DomainError("Say whose balance to draw (telegram_id).")
            return None
        async with self._deps.uow(read_only=True) as uow:
            return await registered_user(uow, telegram_id)


def _gateway_caption(kind: str, label: str, points: Sequence[GatewayPoint]) -> str:
    """One summary line per chart, e.g. "Success rate, last 24h: circle 98%, stripe 91%"."""
    title = {"success": "Success rate", "latency": "Latency", "traffic": "Traffic"}[kind]
    if not points:
        return f"{title}, last {label}: no gateway data yet."
    attempts: dict[str, int] = defaultdict(int)
    successes: dict[str, int] = defaultdict(int)
    worst_p95: dict[str, float] = defaultdict(float)
    for p in points:
        attempts[p.gateway] += p.attempts
        successes[p.gateway] += p.successes
        worst_p95[p.gateway] = max(worst_p95[p.gateway], p.p95_ms)
    total = sum(attempts.values()) or 1
    parts = []
    for gateway in sorted(attempts):
        if kind == "success":
            rate = 100 * successes[gateway] / attempts[gateway] if attempts[gateway] else 0
            parts.append(f"{gateway} {rate:.0f}%")
        elif kind == "latency":
            parts.append(f"{gateway} worst p95 {worst_p95[gateway]:.0f} ms")
        else:
            parts.append(f"{gateway} {100 * attempts[gateway] / total:.0f}%")
    return f"{title}, last {label}: " + ", ".join(parts)[: MAX_CAPTION - 40]
