"""RoutedRail: the PaymentRail that routes each attempt and retries a gateway fault once."""

from collections.abc import Callable, Mapping

from core.gateways import GatewayClient, GatewayRequest, GatewayResult, Outcome
from core.routing.router import Router

NO_ROUTE = "none"  # gateway name on the result when no healthy gateway carries the asset


class RoutedRail:
    """choose → charge → record; one retry (same key) on a gateway fault, within the budget.

    The retry goes to another healthy gateway. When no other one carries the asset, a fast
    failure (5xx, network) is tried once more on the same gateway if it is still healthy: the
    same key means it can never charge twice, and a single-carrier asset (EUR on one rail, say)
    would otherwise lose every transient blip.

    A timeout is ambiguous: the gateway may have charged after we stopped waiting, and an
    idempotency key only protects within one gateway. So before a timed-out payment goes
    elsewhere the first gateway is asked about the key; a success it reports is the answer,
    and if it cannot say, nothing is sent elsewhere (a lost payment beats a double charge).
    """

    def __init__(
        self, router: Router, gateways: Mapping[str, GatewayClient], clock: Callable[[], float]
    ) -> None:
        self._router = router
        self._gateways = gateways
        self._clock = clock  # monotonic seconds; the bench passes simulated time

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Execute ``request`` through the best available gateway."""
        if request.resend:
            earlier = await self._reconcile(request)
            if earlier is not None:
                return earlier
        router, now = self._router, self._clock()
        name = router.choose(request.asset)
        if name is None:
            return GatewayResult(NO_ROUTE, Outcome.SERVER_ERROR, 0.0)
        router.note_attempt(now)
        result = await self._attempt(name, request)
        # Payer faults are final: another gateway would reach the same issuer.
        if not result.gateway_fault:
            return result
        now = self._clock()
        other = router.choose(request.asset, exclude=(name,))
        if other is None and result.fast_fault and router.can_take(request.asset, name):
            other = name
        if other is None:
            return result
        if result.outcome is Outcome.TIMEOUT:
            try:
                known = await self._gateways[name].lookup(request.idempotency_key)
            except Exception:
                return result  # nobody can say whether it charged: never risk a second charge
            if known is not None and known.succeeded:
                return known
        if not router.allow_retry(now):
            return result
        return await self._attempt(other, request)

    async def _reconcile(self, request: GatewayRequest) -> GatewayResult | None:
        """A success some gateway already gave this key.

        Idempotency keys are per gateway: routing a re-send afresh could charge the payer twice
        when the crashed attempt had succeeded elsewhere. A lookup that raises propagates, so
        the run stays executing and is tried again later rather than charged blind.
        """
        for gateway in self._gateways.values():
            if request.asset in gateway.assets:
                found = await gateway.lookup(request.idempotency_key)
                if found is not None and found.succeeded:
                    return found
        return None

    async def _attempt(self, name: str, request: GatewayRequest) -> GatewayResult:
        router = self._router
        ticket = router.begin(name, self._clock())
        try:
            result = await self._gateways[name].charge(request)
        except Exception:
            # An adapter that raises is a gateway fault too; the breaker must hear of it.
            router.record(name, Outcome.NETWORK, 0.0, self._clock(), ticket)
            raise
        router.record(name, result.outcome, result.latency_ms, self._clock(), ticket)
        return result
