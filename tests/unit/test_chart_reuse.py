"""A kept figure draws exactly what a new one would: nothing of the last render survives."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.charts import gateways, ledger, style
from core.history import Spend
from core.metrics import GatewayPoint

UNTIL = datetime(2026, 1, 1, 12, tzinfo=UTC)
SINCE = UNTIL - timedelta(hours=24)
HOUR = timedelta(hours=1)
FOUR = [
    GatewayPoint(g, SINCE + timedelta(minutes=m), 30, 25 + (m // 5 + i) % 5, 120.0, 260.0, 25.0)
    for m in range(0, 24 * 60, 30)
    for i, g in enumerate(("stripe", "paypal", "razorpay", "circle"))
]
# Fewer gateways, ten times slower, another zone: every scale and label must change.
TWO = [replace(p, p50_ms=p.p50_ms * 10, p95_ms=p.p95_ms * 10) for p in FOUR[1::2]]
STEPS = [(SINCE + timedelta(hours=h), Decimal(1000 - 3 * h)) for h in range(25)]
SPENDS = [Spend(f"Person {i}", Decimal(90 - 7 * i), i + 1) for i in range(8)]

Draw = Callable[[], bytes]
CASES: dict[str, tuple[Draw, Draw]] = {
    "success": (
        lambda: gateways.success(FOUR, SINCE, UNTIL, "UTC"),
        lambda: gateways.success(TWO, SINCE, UNTIL, "Europe/Berlin"),
    ),
    "latency": (
        lambda: gateways.latency(FOUR, SINCE, UNTIL, "UTC"),
        lambda: gateways.latency(TWO, SINCE, UNTIL, "Europe/Berlin"),
    ),
    "traffic": (
        lambda: gateways.traffic(FOUR, SINCE, UNTIL, "UTC"),
        lambda: gateways.traffic(TWO, SINCE, UNTIL, "Asia/Kolkata"),
    ),
    "balance": (
        lambda: ledger.balance(STEPS, "USDC", SINCE, UNTIL, "UTC"),
        # A range that takes in where the earlier chart wrote its closing amount.
        lambda: ledger.balance(
            [(SINCE, Decimal(900)), (UNTIL, Decimal(1100))], "EUR", SINCE, UNTIL + HOUR, "UTC"
        ),
    ),
    "spending": (
        lambda: ledger.spending(SPENDS, "USDC", "24h"),
        # Larger amounts: the earlier bar labels would sit inside this chart if left behind.
        lambda: ledger.spending(
            [Spend("Zed", Decimal(200), 1), Spend("Amy", Decimal(150), 2)], "USDC", "7d"
        ),
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_chart_drawn_on_a_kept_figure_is_the_same_png_as_on_a_new_one(kind: str) -> None:
    earlier, later = CASES[kind]
    style.discard_kept()
    on_new = later()
    style.discard_kept()
    earlier()  # leaves its figure in the pool
    on_kept = later()
    assert on_kept == on_new
    assert on_kept != earlier()  # the data really differed
