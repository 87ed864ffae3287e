"""Test doubles for routing: scripted gateways and a hand-driven clock."""

from collections.abc import Iterable
from decimal import Decimal

from core.gateways import GatewayRequest, GatewayResult, Outcome


class ScriptedGateway:
    """Answers each call with the next scripted outcome (the last one repeats)."""

    def __init__(
        self,
        name: str,
        outcomes: Iterable[Outcome],
        assets: Iterable[str] = ("USDC",),
        latency_ms: float = 100.0,
    ) -> None:
        self.name = name
        self.assets = frozenset(assets)
        self._script = list(outcomes)
        self._latency = latency_ms
        self.keys: list[str] = []
        self.results: dict[str, GatewayResult] = {}

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        self.keys.append(request.idempotency_key)
        outcome = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        result = GatewayResult(self.name, outcome, self._latency)
        self.results.setdefault(request.idempotency_key, result)
        return result

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        return self.results.get(idempotency_key)


class Clock:
    """Seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def request(key: str = "run-1", asset: str = "USDC") -> GatewayRequest:
    return GatewayRequest(key, Decimal("10"), asset, "payer", "payee")
