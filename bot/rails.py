"""The live gateway fleet: simulated gateways behind the production router and rail."""

import asyncio
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.adapters import monotonic_seconds
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.routing.rail import RoutedRail
from core.routing.router import Router
from core.routing.simulated import Profile, RandomDraws, SharedKeys, SimulatedGateway

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
    log_path: str | None = None,
    shared: SharedKeys | None = None,
) -> Fleet:
    """Simulated stripe, paypal, razorpay and circle behind the production router.

    With ``log_path`` every first attempt per key and gateway is appended there: the gateways'
    own statement, which outlives the process (the soak counts charges per key from it). With
    ``shared`` the gateways' key memory is the one every process on the database sees.
    """
    rng = random.Random(seed)  # noqa: S311 - simulation draws, not security
    draws = RandomDraws(random.Random(rng.random()))  # noqa: S311 - seeded from the above
    sleep = asyncio.sleep if simulate_latency else None  # the gateway passes seconds
    observer = ChargeLog(log_path) if log_path else None
    gateways = {
        name: SimulatedGateway(
            name, assets, profile, draws, sleep=sleep, observer=observer, shared=shared
        )
        for name, (assets, profile) in FLEET.items()
    }
    if observer is not None:
        observer.recall(gateways)
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

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        """Ask the gateway about an earlier charge (not an attempt: nothing is reported)."""
        return await self._gateway.lookup(idempotency_key)

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        """Charge, then report the result."""
        result = await self._gateway.charge(request)
        for listener in self._listeners:
            listener(result)
        return result


class ChargeLog:
    """Appends ``gateway key outcome`` lines, one write each, so a SIGKILL loses none."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def recall(self, gateways: dict[str, SimulatedGateway]) -> None:
        """Give each gateway back the keys it charged in earlier lives, as a real one keeps them."""
        with open(self.path, encoding="utf-8") as lines:
            for line in lines:
                name, key, outcome = line.split()
                result = GatewayResult(name, Outcome(outcome), 0.0)
                # A fast failure left nothing at the gateway: its key may still be tried afresh.
                if name in gateways and not result.fast_fault:
                    gateways[name].remember(key, result)

    def __call__(self, gateway: str, request: GatewayRequest, result: GatewayResult) -> None:
        """Record one attempt (once per key and gateway, or again after a fast failure)."""
        line = f"{gateway} {request.idempotency_key} {result.outcome.value}\n"
        os.write(self._fd, line.encode())
