"""A per-gateway circuit breaker: closed → open → half-open (one probe) → closed."""

from dataclasses import dataclass
from enum import StrEnum


class BreakerState(StrEnum):
    """Where a breaker is."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class BreakerConfig:
    """Trip and cool-down settings."""

    consecutive: int = 8  # 8 gateway faults in a row: ~1e-10 per attempt at a 6 % fault rate
    window: int = 20
    window_failures: int = 12  # 12 of the last 20: a partial outage, not bad luck
    open_s: float = 10.0
    max_open_s: float = 40.0
    backoff: float = 1.5  # each failed probe waits longer, so a long outage costs few probes
    probe_timeout_s: float = 15.0


class CircuitBreaker:
    """Counts only gateway-fault outcomes; the caller filters payer faults out."""

    __slots__ = (
        "_recent",
        "_recent_fail",
        "_slot",
        "cfg",
        "cool_s",
        "probe_sent_at",
        "reopen_at",
        "run",
        "state",
    )

    def __init__(self, cfg: BreakerConfig) -> None:
        self.cfg = cfg
        self.state = BreakerState.CLOSED
        self.run = 0  # gateway faults in a row
        self._recent = bytearray(cfg.window)
        self._recent_fail = 0
        self._slot = 0
        self.cool_s = cfg.open_s
        self.reopen_at = 0.0
        self.probe_sent_at: float | None = None

    def _push(self, failed: int) -> None:
        slot = self._slot
        self._recent_fail += failed - self._recent[slot]
        self._recent[slot] = failed
        self._slot = (slot + 1) % len(self._recent)

    def success(self) -> bool:
        """Record a technical success; True if this closed the breaker."""
        self.run = 0
        if self.state is BreakerState.HALF_OPEN:
            self.close()
            return True
        self._push(0)
        return False

    def failure(self, at: float) -> bool:
        """Record a gateway fault; True if this opened the breaker."""
        if self.state is BreakerState.HALF_OPEN:
            self.cool_s = min(self.cool_s * self.cfg.backoff, self.cfg.max_open_s)
            self.open(at, keep_cool=True)
            return True
        if self.state is BreakerState.OPEN:
            return False
        self.run += 1
        self._push(1)
        if self.run >= self.cfg.consecutive or self._recent_fail >= self.cfg.window_failures:
            self.open(at)
            return True
        return False

    def open(self, at: float, keep_cool: bool = False) -> None:
        """Stop traffic until the cool-down ends."""
        if not keep_cool:
            self.cool_s = self.cfg.open_s
        self.state = BreakerState.OPEN
        self.reopen_at = at + self.cool_s
        self.probe_sent_at = None

    def half_open(self) -> None:
        """Allow one probe."""
        self.state = BreakerState.HALF_OPEN
        self.probe_sent_at = None

    def close(self) -> None:
        """Resume traffic with a clean slate."""
        self.state = BreakerState.CLOSED
        self.run = 0
        self._recent = bytearray(self.cfg.window)
        self._recent_fail = 0
        self._slot = 0
        self.probe_sent_at = None
