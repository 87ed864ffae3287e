"""The balance chart's history on both databases: a wallet opened inside the window starts at
its opening balance, so its sandbox credit is not shown as a change."""

from bot.composition.container import Container
from core.accounts import onboarding
from tests.fakes import FrozenClock


async def test_a_wallet_opened_inside_the_window_starts_at_its_opening_credit(
    system: Container, clock: FrozenClock
) -> None:
    await onboarding.start(system.deps, 101, "User One", "one")
    clock.advance(minutes=5)
    chart = await system.charts.render("balance", "1h", 101)
    assert chart.caption == "Balance, last 1h: 1,000.00 USDC now (±0.00 USDC)"
