"""Everything the router knows about one gateway."""

from collections import deque

from core.routing.breaker import BreakerState, CircuitBreaker
from core.routing.config import RouterConfig
from core.routing.window import GatewayWindow, LatencyEstimate, OutcomeWindow

Z95 = 1.6448536269514722


class Lane:
    """One gateway's breaker, score window, latency fit and attempts in flight."""

    __slots__ = (
        "answered",
        "assets",
        "breaker",
        "closed_at",
        "counters",
        "inflight",
        "last_ok_start",
        "latency",
        "name",
        "probe_ticket",
        "stall_s",
        "started",
        "window",
    )

    def __init__(self, name: str, assets: frozenset[str], cfg: RouterConfig) -> None:
        self.name = name
        self.assets = assets
        self.breaker = CircuitBreaker(cfg.breaker)
        self.window = OutcomeWindow(cfg.window, cfg.window_s, cfg.prior, cfg.prior_weight)
        self.latency = LatencyEstimate(cfg.latency_alpha)
        # ticket → (start, per-lane sequence number); insertion order is start order
        self.inflight: dict[int, tuple[float, int]] = {}
        self.started = 0
        self.answered: deque[int] = deque(maxlen=64)  # recent attempts the payer's side declined
        self.closed_at: float | None = None  # set while a recovered gateway ramps back up
        self.probe_ticket: int | None = None
        self.last_ok_start = float("-inf")  # start of the latest-started attempt that succeeded
        self.stall_s = float("inf")
        self.counters = GatewayWindow()

    @property
    def state(self) -> BreakerState:
        """The breaker's state."""
        return self.breaker.state

    def refit_stall(self, cfg: RouterConfig) -> None:
        """Recompute how long an attempt may stay in flight before it counts as stalled."""
        if self.latency.n >= cfg.latency_samples:
            p95 = self.latency.quantile_ms(Z95)
            self.stall_s = max(cfg.stall_factor * p95, cfg.stall_floor_ms) / 1000.0

    def begin(self, ticket: int, at: float) -> None:
        """Track one attempt in flight."""
        self.started += 1
        self.inflight[ticket] = (at, self.started)

    def finish(self, ticket: int, payer_fault: bool) -> float | None:
        """Stop tracking an attempt and return when it started (None if unknown)."""
        entry = self.inflight.pop(ticket, None)
        if entry is None:
            return None
        if payer_fault:  # a payer-side answer is neutral for stall detection
            self.answered.append(entry[1])
        return entry[0]

    def stalled(self, at: float, limit: int) -> bool:
        """True if the latest ``limit`` overdue attempts are every technical attempt since.

        A gateway whose ordinary failures are slow timeouts keeps a few attempts overdue all
        the time, but spread among answered ones; a dead gateway answers none of them.
        """
        cutoff = at - self.stall_s
        overdue: list[int] = []
        for start, seq in self.inflight.values():
            if start >= cutoff:
                break
            overdue.append(seq)
        if len(overdue) < limit:
            return False
        first, last = overdue[-limit], overdue[-1]
        span = last - first + 1
        if span - len(self.answered) > limit:
            return False
        return span - sum(1 for seq in self.answered if first <= seq <= last) <= limit

    def take_counters(self) -> GatewayWindow:
        """Hand over this window's counters and start a new window."""
        counters, self.counters = self.counters, GatewayWindow()
        return counters
