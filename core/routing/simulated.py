"""A simulated payment gateway with runtime chaos controls, driven by injected randomness."""

import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from core.gateways import GatewayRequest, GatewayResult, Outcome

log = logging.getLogger(__name__)

Z95 = 1.6448536269514722  # standard normal 95th percentile
FAILURES = {"timeout": Outcome.TIMEOUT, "error": Outcome.SERVER_ERROR, "network": Outcome.NETWORK}
# Share of payer-side failures reported as insufficient funds rather than a plain decline.
FUNDS_SHARE = 0.25
# Fast failures (5xx, network) answer quicker than a full round trip.
FAST_FAILURE_FACTOR = 0.5


class UniformSource(Protocol):
    """The part of ``random.Random`` the simulation needs."""

    def random(self) -> float: ...
    def gauss(self, mu: float, sigma: float) -> float: ...


class Draws(Protocol):
    """Supplies (issuer uniform, technical uniform, latency z-score) for one attempt."""

    def draw(
        self, gateway: str, request: GatewayRequest, again: bool = False
    ) -> tuple[float, float, float]: ...


class SharedKeys(Protocol):
    """The gateways' memory of charged keys, shared by every process (a real gateway's is)."""

    async def keep(self, gateway: str, key: str, result: GatewayResult) -> GatewayResult:
        """Store ``result`` for the key unless one is stored already; the one that holds."""
        ...

    async def find(self, gateway: str, key: str) -> GatewayResult | None:
        """The stored result for the key, if any."""
        ...


class RandomDraws:
    """Draws from one seeded ``random.Random``: the live default."""

    def __init__(self, rng: UniformSource) -> None:
        self._rng = rng

    def draw(
        self, gateway: str, request: GatewayRequest, again: bool = False
    ) -> tuple[float, float, float]:
        """Return three fresh draws."""
        rng = self._rng
        return rng.random(), rng.random(), rng.gauss(0.0, 1.0)


@dataclass(frozen=True)
class Profile:
    """A gateway's behaviour at one moment."""

    success_rate: float
    p50_ms: float
    p95_ms: float
    failure: str = "error"
    issuer_decline_rate: float = 0.0
    timeout_ms: float = 5000.0

    @property
    def mu(self) -> float:
        """Lognormal location fitted to p50."""
        return math.log(max(self.p50_ms, 1e-3))

    @property
    def sigma(self) -> float:
        """Lognormal scale fitted so the 95th percentile lands on p95."""
        return max(math.log(max(self.p95_ms, self.p50_ms) / max(self.p50_ms, 1e-3)), 0.0) / Z95


class SimulatedGateway:
    """A GatewayClient whose health can be changed at runtime (chaos) and never moves money."""

    def __init__(
        self,
        name: str,
        assets: frozenset[str] | set[str] | list[str] | tuple[str, ...],
        profile: Profile,
        draws: Draws,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        memory: int = 100_000,
        observer: Callable[[str, GatewayRequest, GatewayResult], None] | None = None,
        shared: SharedKeys | None = None,
    ) -> None:
        self.name = name
        self.assets = frozenset(assets)
        self._baseline = profile
        self._draws = draws
        self._sleep = sleep  # None: answer at once (bench, tests); asyncio.sleep for a live demo
        self._memory = memory
        self._observer = observer  # the bench's attempt log; called when an attempt starts
        self._shared = shared  # None: this process's memory is the gateway's (one process)
        self._shared_down = False
        self._seen: dict[str, GatewayResult] = {}  # insertion-ordered: the oldest go first
        self._refused: set[str] = set()  # keys whose last try failed fast, with nothing kept
        self._count = 0
        self.configure(profile)

    @property
    def profile(self) -> Profile:
        """The current behaviour."""
        return self._profile

    @property
    def success_rate(self) -> float:
        """The current technical success rate."""
        return self._profile.success_rate

    def configure(self, profile: Profile) -> None:
        """Replace the current behaviour (events, ramps)."""
        self._profile = profile
        self._mu = profile.mu
        self._sigma = profile.sigma
        self._outcome = FAILURES.get(profile.failure, Outcome.SERVER_ERROR)

    def set_failure(self, rate: float, kind: str = "error") -> None:
        """Chaos: make ``rate`` of attempts fail as ``kind`` (timeout, error, network)."""
        p = self._profile
        self.configure(
            Profile(1.0 - rate, p.p50_ms, p.p95_ms, kind, p.issuer_decline_rate, p.timeout_ms)
        )

    def slow_down(self, p50_ms: float, p95_ms: float) -> None:
        """Chaos: change the latency distribution."""
        p = self._profile
        self.configure(
            Profile(p.success_rate, p50_ms, p95_ms, p.failure, p.issuer_decline_rate, p.timeout_ms)
        )

    def restore(self) -> None:
        """Chaos: return to the behaviour the gateway was built with."""
        self.configure(self._baseline)

    def decide(self, u_issuer: float, u_tech: float, z: float) -> tuple[Outcome, float]:
        """Pure outcome and latency for one attempt from its three draws."""
        p = self._profile
        latency = math.exp(self._mu + self._sigma * z)
        if latency >= p.timeout_ms:
            return Outcome.TIMEOUT, p.timeout_ms  # the caller gives up waiting
        if u_issuer < p.issuer_decline_rate:
            funds = u_issuer < p.issuer_decline_rate * FUNDS_SHARE
            return (Outcome.INSUFFICIENT_FUNDS if funds else Outcome.ISSUER_DECLINE), latency
        if u_tech < p.success_rate:
            return Outcome.SUCCEEDED, latency
        if self._outcome is Outcome.TIMEOUT:
            return Outcome.TIMEOUT, p.timeout_ms
        return self._outcome, latency * FAST_FAILURE_FACTOR

    def remember(self, key: str, result: GatewayResult) -> None:
        """Know ``key`` as already charged (a gateway's memory outlives our process)."""
        self._seen[key] = result

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        """The first result for this key, if it is still remembered."""
        known = self._seen.get(idempotency_key)
        if known is None and self._shared is not None:
            known = await self._shared.find(self.name, idempotency_key)
        return known

    async def _keep_shared(self, key: str, result: GatewayResult) -> GatewayResult:
        """The shared memory's answer; this process's own when the database cannot be asked."""
        assert self._shared is not None
        try:
            kept = await self._shared.keep(self.name, key, result)
        except Exception:  # a simulation does not fail a payment over its own bookkeeping
            if not self._shared_down:  # one line per outage, not one per attempt
                log.warning("%s: the shared key memory is unreachable; keys kept here", self.name)
            self._shared_down = True
            return result
        self._shared_down = False
        return kept

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        """Charge at most once per key; a fast failure (5xx, network) keeps nothing."""
        key = request.idempotency_key
        first = self._seen.get(key)
        if first is not None:
            return first
        again = key in self._refused
        outcome, latency = self.decide(*self._draws.draw(self.name, request, again))
        self._count += 1
        ref = f"{self.name}-{self._count}" if outcome is Outcome.SUCCEEDED else None
        result = GatewayResult(self.name, outcome, latency, ref)
        if result.fast_fault:
            # Like a real gateway's 5xx: nothing was executed, so nothing is kept for the key.
            self._refused.add(key)
            if len(self._refused) > self._memory:
                self._refused.clear()
        else:
            # Remember before waiting so a concurrent repeat of the key cannot charge twice.
            self._refused.discard(key)
            self._seen[key] = result
            if len(self._seen) > self._memory:
                del self._seen[next(iter(self._seen))]
            if self._shared is not None:
                kept = await self._keep_shared(key, result)
                if kept != result:  # another process charged this key first: that charge holds
                    self._seen[key] = kept
                    return kept
        if self._observer is not None:
            self._observer(self.name, request, result)
        if self._sleep is not None:
            await self._sleep(latency / 1000.0)
        return result
