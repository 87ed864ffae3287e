"""Charts of little data: the time axis zooms to data that came late, and a balance's change is
measured from where the window began (or from a wallet's opening inside it)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.charts import ledger
from bot.charts.style import MIN_VIEW, zoomed_start
from core.history import BalanceSeries

UNTIL = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
SINCE = UNTIL - timedelta(hours=24)


def test_data_only_in_the_last_minutes_zooms_the_axis_to_it() -> None:
    start = zoomed_start([UNTIL - timedelta(minutes=3)], SINCE, UNTIL)
    assert start == UNTIL - MIN_VIEW  # never narrower than ten minutes
    later = zoomed_start([UNTIL - timedelta(hours=4)], SINCE, UNTIL)
    assert later == UNTIL - timedelta(hours=5)  # a quarter of the data's span before it


def test_data_across_the_window_keeps_the_whole_window() -> None:
    assert zoomed_start([SINCE + timedelta(hours=2)], SINCE, UNTIL) == SINCE
    assert zoomed_start([], SINCE, UNTIL) == SINCE


def test_a_chart_that_starts_at_the_data_gives_it_no_lead() -> None:
    opened = UNTIL - timedelta(hours=3)
    assert zoomed_start([opened], SINCE, UNTIL, room=False) == opened


def test_a_wallet_opened_in_the_window_changes_by_its_payments_only() -> None:
    opened = UNTIL - timedelta(minutes=5)
    moves = [(opened, Decimal(1000)), (opened, Decimal(-10))]
    series = BalanceSeries("USDC", Decimal(0), moves, opened_before=False)
    assert series.starts_at == opened
    assert series.change() == Decimal(-10)


def test_an_older_wallet_changes_from_the_balance_at_the_window_start() -> None:
    moves = [(UNTIL - timedelta(hours=1), Decimal(50))]
    series = BalanceSeries("USDC", Decimal(0), moves, opened_before=True)
    assert series.starts_at is None and series.change() == Decimal(50)


def test_a_balance_chart_from_a_later_start_begins_at_the_balance_standing_then() -> None:
    steps = [
        (SINCE, Decimal(0)),
        (UNTIL - timedelta(hours=1), Decimal(1000)),
        (UNTIL, Decimal(990)),
    ]
    start = UNTIL - timedelta(hours=1)
    assert ledger._from(steps, start) == [(start, Decimal(1000)), (UNTIL, Decimal(990))]
    png = ledger.balance(steps, "USDC", start, UNTIL, "UTC")
    assert png.startswith(b"\x89PNG")
