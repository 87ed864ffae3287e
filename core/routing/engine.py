"""The router's engine: the decision hot path, outcome feedback and breaker transitions."""

import math
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate

from core.gateways import GATEWAY_FAULTS, PAYER_FAULTS, Outcome
from core.routing.breaker import BreakerState
from core.routing.budget import RetryBudget
from core.routing.config import RouterConfig
from core.routing.lane import Lane

# (gateway, new state, at, reason): breaker transitions for incidents, charts and the bench.
Listener = Callable[[str, BreakerState, float, str], None]
CLOSED, OPEN, HALF_OPEN = BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN
INF = float("inf")
STALL_CHECK_S = 0.02  # stalls are looked for at most this often: cheap, and 20 ms is soon enough


class RouterEngine:
    """Picks a gateway per attempt and learns from every outcome (times are float seconds)."""

    def __init__(
        self,
        gateways: Mapping[str, Iterable[str]],
        rng: random.Random,
        config: RouterConfig | None = None,
        listener: Listener | None = None,
    ) -> None:
        self.cfg = cfg = config or RouterConfig()
        self._rng = rng
        self._listener = listener
        self._lanes = {
            name: Lane(name, frozenset(assets), cfg) for name, assets in gateways.items()
        }
        carriers: dict[str, list[Lane]] = {}
        for lane in self._lanes.values():
            for asset in sorted(lane.assets):
                carriers.setdefault(asset, []).append(lane)
        self._carriers = carriers
        self._weights: dict[str, dict[str, float]] = {}  # the agent's per-asset weights
        # asset → (candidates, cumulative weights, candidates best first for retries)
        self._tables: dict[str, tuple[tuple[str, ...], list[float], tuple[str, ...]]] = {}
        self._probing: list[Lane] = []  # half-open lanes waiting to send their probe
        self._dirty = True
        self._stale = False
        self._refresh_at = 0.0
        self._now = 0.0
        self._wake = INF
        self._stall_check_at = 0.0
        self._ticket = 0
        self._window_start = 0.0
        self.budget = RetryBudget(cfg.retry_ratio, min_retries=cfg.retry_floor)

    # -- the hot path ------------------------------------------------------------------------
    def choose(self, asset: str, exclude: Iterable[str] = ()) -> str | None:
        """Name the gateway for the next attempt in ``asset``, or None if none can take it."""
        if self._dirty or (self._stale and self._now >= self._refresh_at):
            self._rebuild()
        if self._probing:
            probe = self._probe(asset, exclude)
            if probe is not None:
                return probe
        table = self._tables.get(asset)
        if table is None:
            return None
        names, cum, ranked = table
        if exclude:
            # A retry wants the best other gateway, not a sample: exploring is for first tries.
            return next((n for n in ranked if n not in exclude), None)
        return names[bisect_right(cum, self._rng.random() * cum[-1])]

    def can_take(self, asset: str, gateway: str) -> bool:
        """True if ``gateway`` is among the healthy, routable carriers of ``asset`` right now."""
        if self._dirty or (self._stale and self._now >= self._refresh_at):
            self._rebuild()
        table = self._tables.get(asset)
        return table is not None and gateway in table[0]

    def _probe(self, asset: str, exclude: Iterable[str]) -> str | None:
        for lane in self._probing:
            if asset in lane.assets and lane.name not in exclude:
                self._probing.remove(lane)
                lane.breaker.probe_sent_at = self._now
                lane.probe_ticket = None
                self._wake = min(self._wake, self._now + self.cfg.breaker.probe_timeout_s)
                return lane.name
        return None

    def _rebuild(self) -> None:
        cfg, now, ramping = self.cfg, self._now, False
        tables: dict[str, tuple[tuple[str, ...], list[float], tuple[str, ...]]] = {}
        for asset, lanes in self._carriers.items():
            agent = self._weights.get(asset)
            closed = [ln for ln in lanes if ln.breaker.state is CLOSED]
            cands = [ln for ln in closed if agent is None or agent.get(ln.name, 0.0) > 0.0]
            if not cands and closed:
                # The agent weighted these out, then the breakers opened on every gateway it kept:
                # a degraded route beats failing every payment until the next agent cycle.
                cands, agent = closed, None
            if not cands:
                continue
            scores = []
            for ln in cands:
                ln.window.expire(now)
                scores.append(
                    ln.window.rate - cfg.confidence_z * ln.window.sigma(cfg.variance_floor)
                )
            best, k = max(scores), len(cands)
            best_mean = max(ln.window.rate for ln in cands)
            prefs = [math.exp((s - best) / cfg.tau) for s in scores]
            if agent is not None:
                prefs = [p * agent[ln.name] for p, ln in zip(prefs, cands, strict=True)]
            total = sum(prefs)
            weights = []
            for lane, pref in zip(cands, prefs, strict=True):
                w = (1.0 - cfg.explore) * pref / total + cfg.explore / k
                if lane.closed_at is not None and not self._clearly_worse(lane, best_mean):
                    # Recovering: an even share ramping up while its fresh score is still thin.
                    age = now - lane.closed_at
                    if age < cfg.slow_start_s:
                        ramping = True
                        f = (
                            cfg.slow_start_floor
                            + (1 - cfg.slow_start_floor) * age / cfg.slow_start_s
                        )
                        w = max(w, f / k)
                weights.append(w)
            names = tuple(ln.name for ln in cands)
            ranked = tuple(n for _, n in sorted(zip(prefs, names, strict=True), reverse=True))
            tables[asset] = (names, list(accumulate(weights)), ranked)
        for lane in self._lanes.values():
            if lane.closed_at is not None and now - lane.closed_at >= cfg.slow_start_s:
                lane.closed_at = None
        self._tables = tables
        self._dirty = False
        self._stale = ramping
        self._refresh_at = now + cfg.refresh_s

    def _clearly_worse(self, lane: Lane, best_mean: float) -> bool:
        """True once a recovering gateway has shown it is still below the best."""
        w = lane.window
        return (
            w.n >= self.cfg.window_min
            and w.rate + self.cfg.confidence_z * w.sigma(self.cfg.variance_floor) < best_mean
        )

    # -- feedback ----------------------------------------------------------------------------
    def begin(self, gateway: str, at: float) -> int:
        """Note that an attempt started; pass the ticket to ``record`` for stall detection."""
        self._tick(at)
        self._ticket += 1
        lane = self._lanes[gateway]
        lane.begin(self._ticket, at)
        if lane.breaker.state is HALF_OPEN and lane.probe_ticket is None:
            lane.probe_ticket = self._ticket
        return self._ticket

    def record(
        self,
        gateway: str,
        outcome: Outcome,
        latency_ms: float,
        at: float,
        ticket: int | None = None,
    ) -> None:
        """Learn from one finished attempt; payer faults never count against the gateway."""
        self._tick(at)
        lane = self._lanes[gateway]
        start = lane.finish(ticket, outcome in PAYER_FAULTS) if ticket is not None else None
        c = lane.counters
        c.attempts += 1
        c.latencies_ms.append(latency_ms)
        breaker = lane.breaker
        probe = breaker.state is HALF_OPEN and (ticket is None or ticket == lane.probe_ticket)
        if outcome is Outcome.SUCCEEDED:
            c.succeeded += 1
            lane.window.add(True, at)
            self._fit_latency(lane, latency_ms)
            if probe:
                c.probes_ok += 1
                self._close(lane, at, "probe succeeded")
            else:
                breaker.success()
            if start is not None and start > lane.last_ok_start:
                lane.last_ok_start = start
        elif outcome in GATEWAY_FAULTS:
            c.gateway_faults += 1
            lane.window.add(False, at)
            if probe:
                c.probes_failed += 1
            # A slow failure from before a later attempt's success is old news for the breaker:
            # judging in completion order would let a burst of late timeouts trip a healthy one.
            stale = start is not None and start < lane.last_ok_start
            if (probe or (breaker.state is CLOSED and not stale)) and breaker.failure(at):
                self._opened(lane, at, "probe failed" if probe else "gateway faults")
        else:
            c.payer_faults += 1
            self._fit_latency(lane, latency_ms)
            if probe:  # inconclusive: the payer's bank said no, so probe again
                self._probing.append(lane)
        self._stale = True

    def _fit_latency(self, lane: Lane, latency_ms: float) -> None:
        lane.latency.add(latency_ms)
        if lane.latency.n % 10 == 0 or lane.latency.n == self.cfg.latency_samples:
            lane.refit_stall(self.cfg)

    def _tick(self, at: float) -> None:
        if at > self._now:
            self._now = at
        if at >= self._wake:
            self._wake_up(at)
        if at < self._stall_check_at:
            return
        self._stall_check_at = at + STALL_CHECK_S
        limit = self.cfg.stall_min
        for lane in self._lanes.values():
            if (
                len(lane.inflight) >= limit
                and lane.breaker.state is CLOSED
                and lane.stalled(at, limit)
            ):
                lane.breaker.open(at)
                self._opened(lane, at, "attempts stalled")

    def _wake_up(self, at: float) -> None:
        wake = INF
        for lane in self._lanes.values():
            b = lane.breaker
            if b.state is OPEN:
                if at >= b.reopen_at:
                    b.half_open()
                    self._probing.append(lane)
                    self._notify(lane, HALF_OPEN, at, "cool-down over")
                else:
                    wake = min(wake, b.reopen_at)
            elif b.state is HALF_OPEN and b.probe_sent_at is not None:
                deadline = b.probe_sent_at + b.cfg.probe_timeout_s
                if at >= deadline:  # the probe never reported back: send another
                    b.probe_sent_at = None
                    self._probing.append(lane)
                else:
                    wake = min(wake, deadline)
        self._wake = wake

    # -- breaker transitions -----------------------------------------------------------------
    def _opened(self, lane: Lane, at: float, reason: str) -> None:
        if lane in self._probing:
            self._probing.remove(lane)
        lane.closed_at = None
        self._wake = min(self._wake, lane.breaker.reopen_at)
        self._dirty = True
        self._notify(lane, OPEN, at, reason)

    def _close(self, lane: Lane, at: float, reason: str) -> None:
        if lane in self._probing:
            self._probing.remove(lane)
        lane.breaker.close()
        # The score window is kept: outage failures age out within window_s, while a gateway
        # that is alive but still poor keeps the evidence that stops its slow-start ramp.
        lane.closed_at = at
        self._dirty = True
        self._notify(lane, CLOSED, at, reason)

    def _notify(self, lane: Lane, state: BreakerState, at: float, reason: str) -> None:
        if self._listener is not None:
            self._listener(lane.name, state, at, reason)
