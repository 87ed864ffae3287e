"""Per-gateway running statistics: recent success rate, latency, and the agent's window."""

import math
from collections import deque
from dataclasses import dataclass, field


class OutcomeWindow:
    """Success rate over the last ``size`` technical outcomes no older than ``max_age_s``.

    Payer faults never enter: they say nothing about the gateway.
    """

    __slots__ = ("_bits", "_times", "max_age_s", "prior", "prior_weight", "size", "wins")

    def __init__(self, size: int, max_age_s: float, prior: float, prior_weight: float) -> None:
        self.size = size
        self.max_age_s = max_age_s
        self.prior = prior
        self.prior_weight = prior_weight
        self.reset()

    def reset(self) -> None:
        """Forget everything (after a recovery the old failures say nothing)."""
        self._times: deque[float] = deque()
        self._bits: deque[int] = deque()
        self.wins = 0

    @property
    def n(self) -> int:
        """Outcomes in the window."""
        return len(self._bits)

    def add(self, won: bool, at: float) -> None:
        """Push one outcome, dropping the oldest once full."""
        bit = 1 if won else 0
        self._times.append(at)
        self._bits.append(bit)
        self.wins += bit
        if len(self._bits) > self.size:
            self._times.popleft()
            self.wins -= self._bits.popleft()

    def expire(self, now: float) -> None:
        """Drop outcomes older than the window's age limit."""
        times, oldest = self._times, now - self.max_age_s
        while times and times[0] < oldest:
            times.popleft()
            self.wins -= self._bits.popleft()

    @property
    def rate(self) -> float:
        """Smoothed success rate: a few prior pseudo-attempts keep a new gateway from extremes."""
        return (self.wins + self.prior * self.prior_weight) / (len(self._bits) + self.prior_weight)

    def sigma(self, variance_floor: float) -> float:
        """Standard error of ``rate``; the floor stops a short lucky streak looking certain."""
        p = self.rate
        return math.sqrt(max(p * (1.0 - p), variance_floor) / (len(self._bits) + self.prior_weight))


class LatencyEstimate:
    """Exponentially weighted lognormal fit: log-mean and log-variance of answered attempts."""

    __slots__ = ("alpha", "mean", "n", "var")

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha
        self.n = 0
        self.mean = 0.0
        self.var = 0.0

    def add(self, latency_ms: float) -> None:
        """Fold in one latency."""
        x = math.log(max(latency_ms, 0.01))
        self.n += 1
        if self.n == 1:
            self.mean = x
            return
        a = max(self.alpha, 1.0 / self.n)  # plain averages while young, then a slow EWMA
        d = x - self.mean
        self.mean += a * d
        self.var = (1.0 - a) * (self.var + a * d * d)

    def quantile_ms(self, z: float) -> float:
        """Latency at standard-normal score ``z``."""
        return math.exp(self.mean + z * math.sqrt(self.var))


@dataclass
class GatewayWindow:
    """What one gateway did during one agent window."""

    attempts: int = 0
    succeeded: int = 0
    gateway_faults: int = 0
    payer_faults: int = 0
    stalls: int = 0
    probes_ok: int = 0
    probes_failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def technical(self) -> int:
        """Attempts that say something about the gateway (payer faults excluded)."""
        return self.succeeded + self.gateway_faults

    @property
    def success_rate(self) -> float | None:
        """Technical success rate, or None without evidence."""
        return self.succeeded / self.technical if self.technical else None

    def p95_ms(self) -> float | None:
        """95th percentile latency of this window."""
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


@dataclass
class MetricsWindow:
    """The routing agent's view of one observation period."""

    started_at: float
    ended_at: float
    gateways: dict[str, GatewayWindow]
    states: dict[str, str]
    scores: dict[str, float]
    samples: dict[str, int]
    carriers: dict[str, tuple[str, ...]]
    weights: dict[str, dict[str, float]]
    first_attempts: int = 0
    retries: int = 0
    retry_ratio: float = 0.2
