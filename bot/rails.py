"""The live gateway fleet: simulated gateways behind the production router and rail."""

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.adapters import monotonic_seconds
from core.gateways import GatewayRequest, GatewayResult
from core.routing.rail import RoutedRail
from core.routing.router import Router
from core.routing.simulated import Profile, RandomDraws, SimulatedGateway

# What the sandbox gateways carry and how they behave when healthy. User payments are not
# declined by an "issuer": the sandbox ledger is the payer's bank and already checked funds.
FLEET: dict[str, tuple[tuple[str, ...], Profile]] = {
    "stripe": (("USDC", "USD", "EUR", "GBP"), Profile(0.97, 120, 260)),
    "paypal": (("USD", "EUR", "GBP"), Profile(0.95, 180, 420)),
    "razorpay": (("INR", "USD"), Profile(0.96, 150, 330)),
    "circle": (("USDC",), Profile(0.98, 110, 240)),
}


@dataclass
class Fleet:
    """The router, its gateways (for chaos and status) and the rail payments go through."""

    router: Router
    gateways: dict[str, SimulatedGateway]
    rail: RoutedRail
    listeners: list[Any]
    clock: Callable[[], float]  # the router's time base, in seconds

    def on_attempt(self, listener: Any) -> None:
        """Call ``listener(result)`` after every gateway attempt (metrics roll-up)."""
        self.listeners.append(listener)


def build_fleet(
    seed: int | None = None,
    simulate_latency: bool = False,
    clock: Callable[[], float] = monotonic_seconds,
) -> Fleet:
    """Simulated stripe, paypal, razorpay and circle behind the production router."""
    rng = random.Random(seed)  # noqa: S311 - simulation draws, not security
    draws = RandomDraws(random.Random(rng.random()))  # noqa: S311 - seeded from the above
    sleep = asyncio.sleep if simulate_latency else None  # the gateway passes seconds
    gateways = {
        name: SimulatedGateway(name, assets, profile, draws, sleep=sleep)
        for name, (assets, profile) in FLEET.items()
    }
    router = Router({name: gw.assets for name, gw in gateways.items()}, rng)
    listeners: list[Any] = []
    observed = {name: _Observed(gw, listeners) for name, gw in gateways.items()}
    rail = RoutedRail(router, observed, clock)
    return Fleet(router, gateways, rail, listeners, clock)


class _Observed:
    """A gateway wrapper that tells the listeners about every attempt's result."""

    def __init__(self, gateway: SimulatedGateway, listeners: list[Any]) -> None:
        self.name = gateway.name
        self.assets = gateway.assets
        self._gateway = gateway
        self._listeners = listeners

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        """Charge, then report the result."""
        result = await self._gateway.charge(request)
        for listener in self._listeners:
            listener(result)
        return result
