"""The payment rail the service uses (interim: one always-healthy simulated gateway)."""

from core.gateways import GatewayRequest, GatewayResult, Outcome, PaymentRail


class _InstantGateway:
    """Interim simulated gateway until the router lands: succeeds, idempotent on the key."""

    name = "sandbox"

    def __init__(self) -> None:
        self._seen: dict[str, GatewayResult] = {}

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Charge once per idempotency key; a repeat returns the first result."""
        if request.idempotency_key not in self._seen:
            self._seen[request.idempotency_key] = GatewayResult(
                self.name, Outcome.SUCCEEDED, 0.0, reference=request.idempotency_key[:16]
            )
        return self._seen[request.idempotency_key]


def build_rail(seed: int | None = None) -> PaymentRail:
    """The rail for the running service."""
    return _InstantGateway()
