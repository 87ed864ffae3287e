"""The production router: capability → health (breakers) → success-rate score → pick.

The engine holds the hot path; this class adds what the routing agent and operators use.
"""

from collections.abc import Mapping

from core.routing.breaker import BreakerState
from core.routing.engine import CLOSED, OPEN, Listener, RouterEngine
from core.routing.window import MetricsWindow

__all__ = ["Listener", "Router"]


class Router(RouterEngine):
    """The router the product runs: the engine plus agent controls and read-only views."""

    # -- controls for the routing agent and operators ----------------------------------------
    def trip(self, gateway: str, at: float, reason: str = "opened by the routing agent") -> None:
        """Open a gateway's breaker now."""
        lane = self._lanes[gateway]
        self._tick(at)
        if lane.breaker.state is not OPEN:
            lane.breaker.open(at)
            self._opened(lane, at, reason)

    def reset(self, gateway: str, at: float, reason: str = "closed by the routing agent") -> None:
        """Close a gateway's breaker now; it then regains traffic over the slow-start period."""
        lane = self._lanes[gateway]
        self._tick(at)
        if lane.breaker.state is not CLOSED:
            self._close(lane, at, reason)

    def set_weights(self, asset: str, weights: Mapping[str, float]) -> None:
        """Install the agent's traffic weights for one asset (they scale the router's own split)."""
        known = {ln.name for ln in self._carriers.get(asset, [])}
        self._weights[asset] = {g: float(weights.get(g, 0.0)) for g in known}
        self._dirty = True

    def set_retry_ratio(self, ratio: float) -> None:
        """Change the share of recent attempts that may be retried."""
        self.budget.ratio = ratio

    def allow_retry(self, at: float) -> bool:
        """Spend one retry from the budget if it allows."""
        return self.budget.try_retry(at)

    def note_attempt(self, at: float) -> None:
        """Count a first attempt towards the retry budget."""
        self.budget.attempt(at)

    # -- read-only views ---------------------------------------------------------------------
    @property
    def now(self) -> float:
        """The latest time the router has heard of."""
        return self._now

    @property
    def gateways(self) -> tuple[str, ...]:
        """Every gateway the router knows."""
        return tuple(self._lanes)

    @property
    def assets(self) -> tuple[str, ...]:
        """Every asset some gateway carries."""
        return tuple(self._carriers)

    def carriers(self, asset: str) -> tuple[str, ...]:
        """Gateways that carry ``asset``."""
        return tuple(ln.name for ln in self._carriers.get(asset, []))

    def state(self, gateway: str) -> BreakerState:
        """A gateway's breaker state."""
        return self._lanes[gateway].breaker.state

    def score(self, gateway: str) -> float:
        """A gateway's smoothed recent technical success rate."""
        return self._lanes[gateway].window.rate

    def weights(self, asset: str) -> dict[str, float]:
        """The agent's weights for ``asset`` (an even split until the agent sets some)."""
        names = self.carriers(asset)
        return dict(self._weights.get(asset) or {n: 100.0 / len(names) for n in names})

    def shares(self, asset: str) -> dict[str, float]:
        """The share of first attempts each gateway gets right now (probes aside)."""
        if self._dirty or self._stale:
            self._rebuild()
        names, cum, _ = self._tables.get(asset, ((), [], ()))
        return {n: (hi - lo) / cum[-1] for n, lo, hi in zip(names, [0.0, *cum], cum, strict=False)}

    def take_window(self, at: float) -> MetricsWindow:
        """Hand the agent what happened since the last call and start a new window."""
        self._tick(at)
        attempts, retries = self.budget.usage()
        window = MetricsWindow(
            started_at=self._window_start,
            ended_at=at,
            gateways={n: ln.take_counters() for n, ln in self._lanes.items()},
            states={n: ln.breaker.state for n, ln in self._lanes.items()},
            scores={n: ln.window.rate for n, ln in self._lanes.items()},
            samples={n: ln.window.n for n, ln in self._lanes.items()},
            carriers={a: self.carriers(a) for a in self._carriers},
            weights={a: self.weights(a) for a in self._carriers},
            first_attempts=attempts,
            retries=retries,
            retry_ratio=self.budget.ratio,
        )
        self._window_start = at
        return window
