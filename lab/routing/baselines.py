"""Benchmark baselines: static split, classic circuit breaker, and the all-knowing oracle."""

import random
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate

from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.routing.breaker import BreakerState
from core.routing.rail import NO_ROUTE
from core.routing.simulated import SimulatedGateway

Listener = Callable[[str, BreakerState, float, str], None]


class StaticRail:
    """Fixed weights per asset, no failover: the baseline."""

    retries = False

    def __init__(
        self,
        gateways: Mapping[str, SimulatedGateway],
        weights: Mapping[str, float],
        rng: random.Random,
        clock: Callable[[], float],
    ) -> None:
        self.gateways = gateways
        self.weights = weights
        self.rng = rng
        self.clock = clock
        assets = sorted({a for g in gateways.values() for a in g.assets})
        self.carriers = {a: tuple(n for n, g in gateways.items() if a in g.assets) for a in assets}
        self.dynamic = type(self).eligible is not StaticRail.eligible
        self.tables = {
            a: (names, list(accumulate(weights.get(n, 1.0) for n in names)))
            for a, names in self.carriers.items()
        }

    def eligible(self, name: str) -> bool:
        """Whether a gateway may take an attempt now."""
        return True

    def choose(self, asset: str, exclude: Iterable[str] = ()) -> str | None:
        """Weighted pick among eligible carriers."""
        if not exclude and not self.dynamic:
            names_, cum_ = self.tables.get(asset, ((), [0.0]))
            if not names_:
                return None
            return names_[min(bisect_right(cum_, self.rng.random() * cum_[-1]), len(names_) - 1)]
        names = [n for n in self.carriers.get(asset, ()) if n not in exclude and self.eligible(n)]
        if not names:
            return None
        cum = list(accumulate(self.weights.get(n, 1.0) for n in names))
        return names[min(bisect_right(cum, self.rng.random() * cum[-1]), len(names) - 1)]

    def observe(self, name: str, result: GatewayResult) -> None:
        """Hook for policies that learn from outcomes."""

    def retries_in_place(self, name: str) -> bool:
        """Whether a fast failure with nowhere else to go is tried again on the same gateway."""
        return False

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """One attempt, and for failover policies one retry elsewhere on a gateway fault."""
        name = self.choose(request.asset)
        if name is None:
            return GatewayResult(NO_ROUTE, Outcome.SERVER_ERROR, 0.0)
        result = await self.gateways[name].charge(request)
        self.observe(name, result)
        if not (self.retries and result.gateway_fault):
            return result
        other = self.choose(request.asset, exclude=(name,))
        if other is None and result.fast_fault and self.retries_in_place(name):
            other = name
        if other is None:
            return result
        second = await self.gateways[other].charge(request)
        self.observe(other, second)
        return second


class ClassicBreaker:
    """50 % failures over the last 100 calls (20 at least) → open 30 s → one probe."""

    def __init__(self) -> None:
        self.state = BreakerState.CLOSED
        self.calls: deque[int] = deque(maxlen=100)
        self.reopen_at = 0.0
        self.probing = False


class BreakerRail(StaticRail):
    """Static weights plus a classic circuit breaker per gateway and one retry elsewhere."""

    retries = True

    def __init__(
        self,
        gateways: Mapping[str, SimulatedGateway],
        weights: Mapping[str, float],
        rng: random.Random,
        clock: Callable[[], float],
        listener: Listener,
    ) -> None:
        super().__init__(gateways, weights, rng, clock)
        self.breakers = {n: ClassicBreaker() for n in gateways}
        self.listener = listener

    def eligible(self, name: str) -> bool:
        """Closed, or half-open with its single probe not yet sent."""
        b = self.breakers[name]
        if b.state is BreakerState.OPEN and self.clock() >= b.reopen_at:
            b.state, b.probing = BreakerState.HALF_OPEN, False
            self.listener(name, b.state, self.clock(), "cool-down over")
        return b.state is BreakerState.CLOSED or (
            b.state is BreakerState.HALF_OPEN and not b.probing
        )

    def choose(self, asset: str, exclude: Iterable[str] = ()) -> str | None:
        """Weighted pick; a half-open gateway picked here is sending its probe."""
        name = super().choose(asset, exclude)
        if name is not None and self.breakers[name].state is BreakerState.HALF_OPEN:
            self.breakers[name].probing = True
        return name

    def observe(self, name: str, result: GatewayResult) -> None:
        """Count the call; declines are answered calls, not failures."""
        b, now = self.breakers[name], self.clock()
        failed = int(result.gateway_fault)
        if b.state is BreakerState.HALF_OPEN and b.probing:
            b.probing = False
            if failed:
                b.state, b.reopen_at = BreakerState.OPEN, now + 30.0
                self.listener(name, b.state, now, "probe failed")
            else:  # an answered call, declines included, is a technical success
                b.state = BreakerState.CLOSED
                b.calls.clear()
                self.listener(name, b.state, now, "probe succeeded")
            return
        if b.state is not BreakerState.CLOSED:
            return
        b.calls.append(failed)
        if len(b.calls) >= 20 and sum(b.calls) >= 0.5 * len(b.calls):
            b.state, b.reopen_at = BreakerState.OPEN, now + 30.0
            self.listener(name, b.state, now, "50% failures")


class OracleRail(StaticRail):
    """Knows every gateway's true success rate now, picks the best, retries on the next best."""

    retries = True

    def retries_in_place(self, name: str) -> bool:
        """Like the product's router, unless the oracle knows the gateway is dead."""
        return self.gateways[name].profile.success_rate > 0.0

    def choose(self, asset: str, exclude: Iterable[str] = ()) -> str | None:
        """The carrier with the highest true success rate (ties: the faster one)."""
        best: tuple[float, float] | None = None
        pick = None
        for name in self.carriers.get(asset, ()):
            if name in exclude:
                continue
            p = self.gateways[name].profile
            if exclude and p.success_rate <= 0.0:
                continue  # a retry onto a dead gateway cannot help, and the oracle knows it
            key = (p.success_rate, -p.p50_ms)
            if best is None or key > best:
                best, pick = key, name
        return pick
