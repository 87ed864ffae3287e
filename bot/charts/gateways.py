"""Gateway charts: success rate, latency p50/p95, and traffic share per gateway over time."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from bot.charts import style
from core.metrics import GatewayPoint

NO_TRAFFIC = "Gateway metrics appear once payments flow through the router."


def _by_gateway(points: Sequence[GatewayPoint]) -> dict[str, list[GatewayPoint]]:
    grouped: dict[str, list[GatewayPoint]] = defaultdict(list)
    for point in points:
        grouped[point.gateway].append(point)
    return dict(sorted(grouped.items()))


def _percent(ax: Axes, top: float) -> None:
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))


def _finish(fig: Figure, ax: Axes, ylabel: str, since: datetime, until: datetime, tz: str) -> bytes:
    """The parts every gateway chart shares: y label, time axis, legend, PNG."""
    ax.set_ylabel(ylabel, fontsize=12, color=style.MUTED)
    style.time_axis(ax, since, until, tz)
    style.legend(ax)
    return style.png(fig)


def success(points: Sequence[GatewayPoint], since: datetime, until: datetime, tz: str) -> bytes:
    """Successful attempts per gateway, percent per minute."""
    title, subtitle = "Success rate by gateway", "share of attempts that succeeded, per minute"
    rated = [p for p in points if p.attempts]
    if not rated:
        return style.empty(title, subtitle, NO_TRAFFIC)
    with style.reused("success", title, subtitle) as (fig, ax):
        for gateway, series in _by_gateway(rated).items():
            ax.plot(
                style.x([p.minute for p in series]),
                [p.success_rate or 0.0 for p in series],
                color=style.colour(gateway),
                linewidth=2.2,
                label=gateway,
            )
        _percent(ax, 102)
        return _finish(fig, ax, "success rate (%)", since, until, tz)


def latency(points: Sequence[GatewayPoint], since: datetime, until: datetime, tz: str) -> bytes:
    """p50 (solid) and p95 (dashed) latency per gateway in milliseconds."""
    title, subtitle = "Latency by gateway", "p50 solid, p95 dashed, per minute"
    rated = [p for p in points if p.attempts]
    if not rated:
        return style.empty(title, subtitle, NO_TRAFFIC)
    with style.reused("latency", title, subtitle) as (fig, ax):
        for gateway, series in _by_gateway(rated).items():
            minutes = style.x([p.minute for p in series])
            hue = style.colour(gateway)
            ax.plot(minutes, [p.p50_ms for p in series], color=hue, linewidth=2.2, label=gateway)
            ax.plot(minutes, [p.p95_ms for p in series], color=hue, linewidth=1.6, linestyle="--")
        ax.set_ylim(bottom=0)
        return _finish(fig, ax, "latency (ms)", since, until, tz)


def traffic(points: Sequence[GatewayPoint], since: datetime, until: datetime, tz: str) -> bytes:
    """Each gateway's share of traffic (the router's weight, else its share of attempts)."""
    title, subtitle = "Traffic by gateway", "share of payments routed to each gateway"
    if not points:
        return style.empty(title, subtitle, NO_TRAFFIC)
    minutes = sorted({p.minute for p in points})
    gateways = sorted({p.gateway for p in points})
    share = {g: [0.0] * len(minutes) for g in gateways}
    index = {m: i for i, m in enumerate(minutes)}
    totals = [0] * len(minutes)
    for p in points:
        totals[index[p.minute]] += p.attempts
    for p in points:
        i = index[p.minute]
        if p.weight is not None:
            share[p.gateway][i] = p.weight
        elif totals[i]:
            share[p.gateway][i] = 100.0 * p.attempts / totals[i]
    with style.reused("traffic", title, subtitle) as (fig, ax):
        ax.stackplot(
            style.x(minutes),
            *[share[g] for g in gateways],
            labels=gateways,
            colors=[style.colour(g) for g in gateways],
            alpha=0.85,
        )
        _percent(ax, 100)
        return _finish(fig, ax, "traffic share (%)", since, until, tz)
