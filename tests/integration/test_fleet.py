"""The live fleet: payments route through simulated gateways; chaos moves traffic."""

from decimal import Decimal

from bot.rails import build_fleet
from core.gateways import GatewayRequest, GatewayResult


def request(i: int, asset: str = "USDC") -> GatewayRequest:
    return GatewayRequest(f"key-{i}", Decimal(1), asset, "payer", "payee")


async def test_every_asset_has_a_carrier_and_attempts_are_reported() -> None:
    fleet = build_fleet(seed=1)
    seen: list[GatewayResult] = []
    fleet.on_attempt(seen.append)
    for i, asset in enumerate(("USDC", "USD", "EUR", "GBP", "INR")):
        result = await fleet.rail.send(request(i, asset))
        assert asset in fleet.gateways[result.gateway].assets
    assert len(seen) >= 5


async def test_a_repeated_key_returns_the_first_result() -> None:
    fleet = build_fleet(seed=2)
    first = await fleet.rail.send(request(1))
    assert await fleet.rail.send(request(1)) == first


async def test_a_failed_gateway_loses_its_traffic() -> None:
    fleet = build_fleet(seed=3)
    fleet.gateways["circle"].set_failure(1.0, "error")
    results = [await fleet.rail.send(request(i)) for i in range(300)]
    # circle fails every attempt; stripe (97 %) carries USDC too, so nearly all still succeed.
    assert sum(r.succeeded for r in results) >= 280
    late = [r.gateway for r in results[-100:]]
    assert late.count("circle") <= 10
