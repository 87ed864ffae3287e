"""The payment rail the service uses: simulated gateways behind the production router."""

import random

from core.gateways import GatewayRequest, GatewayResult, PaymentRail
from core.routing.simulated import Profile, RandomDraws, SimulatedGateway


class _FirstCapable:
    """Interim rail until the router lands: the first gateway that carries the asset."""

    def __init__(self, gateways: list[SimulatedGateway]) -> None:
        self._gateways = gateways

    async def send(self, request: GatewayRequest) -> GatewayResult:
        gateway = next(g for g in self._gateways if request.asset in g.assets)
        return await gateway.charge(request)


def build_rail(seed: int | None = None) -> PaymentRail:
    """Simulated stripe/paypal/razorpay/circle behind the router."""
    draws = RandomDraws(random.Random(seed))  # noqa: S311 - simulation, not security
    healthy = Profile(success_rate=1.0, p50_ms=120, p95_ms=260)
    gateways = [
        SimulatedGateway("circle", ["USDC"], healthy, draws),
        SimulatedGateway("stripe", ["USDC", "USD", "EUR", "GBP"], healthy, draws),
    ]
    return _FirstCapable(gateways)
