"""Ledger charts: a wallet's balance over time and spending by recipient."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from bot.charts import style
from core.history import Spend
from core.money import format_amount

MAX_BARS = 10


def balance(
    points: Sequence[tuple[datetime, Decimal]],
    asset: str,
    since: datetime,
    until: datetime,
    tz: str,
) -> bytes:
    """The balance as steps from ``since``: it changes only when money moves."""
    points = _from(points, since)
    title, subtitle = "Balance over time", f"{asset} wallet, after every movement"
    if len(points) <= 2 and all(amount == 0 for _, amount in points):
        return style.empty(title, subtitle, "Send /start to open a wallet, then pay someone.")
    with style.reused("balance", title, subtitle) as (fig, ax):
        moments = style.x([moment for moment, _ in points])
        amounts = [float(amount) for _, amount in points]  # plotting only; money stays Decimal
        # Zoom on the range the balance moved in, so a 10 USDC payment on 1,000 is visible.
        low, high = min(amounts), max(amounts)
        pad = max((high - low) * 0.25, abs(high) * 0.01, 1.0)
        floor = max(low - pad, 0.0) if low >= 0 else low - pad
        ax.step(moments, amounts, where="post", color=style.ACCENT, linewidth=2.4)
        ax.fill_between(moments, amounts, floor, step="post", color=style.ACCENT, alpha=0.12)
        ax.set_ylim(floor, high + pad)
        ax.set_ylabel(f"balance ({asset})", fontsize=12, color=style.MUTED)
        ax.annotate(
            format_amount(points[-1][1], asset),
            (moments[-1], amounts[-1]),
            textcoords="offset points",
            xytext=(-6, 8),
            ha="right",
            fontsize=12,
            color=style.INK,
        )
        style.time_axis(ax, since, until, tz)
        return style.png(fig)


def _from(
    points: Sequence[tuple[datetime, Decimal]], since: datetime
) -> list[tuple[datetime, Decimal]]:
    """The steps at and after ``since``, starting with the balance that stood at ``since``."""
    standing = [amount for moment, amount in points if moment <= since]
    later = [(moment, amount) for moment, amount in points if moment > since]
    return ([(since, standing[-1])] if standing else []) + later


def spending(spends: Sequence[Spend], asset: str, window: str) -> bytes:
    """Horizontal bars, largest recipient on top, each labelled with its amount."""
    title, subtitle = "Spending by recipient", f"paid in the last {window}, {asset}"
    if not spends:
        return style.empty(title, subtitle, f"No payments went out in the last {window}.")
    shown = list(spends[:MAX_BARS])[::-1]  # barh draws bottom-up
    with style.reused("spending", title, subtitle, style.NAME_MARGINS) as (fig, ax):
        # Numeric rows with tick labels, not category strings: a kept axis would remember
        # every name it was ever given and shift the bars.
        rows = list(range(len(shown)))
        values = [float(s.amount) for s in shown]
        bars = ax.barh(rows, values, color=style.ACCENT, height=0.6)
        ax.set_yticks(rows, labels=[s.payee for s in shown])
        ax.set_ylim(-0.6, len(shown) - 0.4)
        ax.bar_label(
            bars,
            labels=[f"{format_amount(s.amount, asset)} ({s.payments}×)" for s in shown],
            padding=6,
            fontsize=12,
            color=style.INK,
        )
        ax.set_xlim(0, max(values) * 1.45)
        ax.set_xlabel(f"amount paid ({asset})", fontsize=12, color=style.MUTED)
        ax.grid(True, axis="x", color=style.GRID)
        ax.grid(False, axis="y")
        ax.tick_params(axis="y", labelsize=13)
        return style.png(fig)
