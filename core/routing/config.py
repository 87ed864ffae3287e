"""Router settings in one place (the defaults are what production runs)."""

from dataclasses import dataclass, field

from core.routing.breaker import BreakerConfig


@dataclass(frozen=True)
class RouterConfig:
    """How the router scores, explores, detects stalls and restores gateways."""

    window: int = 200  # recent technical outcomes per gateway
    window_min: int = 20  # outcomes before a recovering gateway's score can end its ramp
    window_s: float = 60.0  # ...no older than this, so a quiet gateway's score cannot go stale
    prior: float = 0.95  # what a gateway without history is assumed to do
    prior_weight: float = 4.0
    explore: float = 0.04  # share of decisions spread evenly over every healthy candidate
    confidence_z: float = 2.0  # exploit on a lower confidence bound: little data earns little
    variance_floor: float = 0.0475  # as uncertain as a 95 % gateway, however lucky the streak
    tau: float = 0.006  # a score gap of tau cuts a gateway's preference by a factor e
    refresh_s: float = 0.5  # scores feed the decision table at most this often
    slow_start_s: float = 30.0  # a recovered gateway ramps to an even share over this long...
    slow_start_floor: float = 0.1  # ...from this fraction of it, then competes on its score
    stall_factor: float = 1.25  # in flight for 1.25 × its usual p95 counts as overdue
    stall_floor_ms: float = 100.0
    stall_min: int = 6  # this many overdue attempts in a row (declines aside) trip the breaker
    latency_alpha: float = 0.02
    latency_samples: int = 20  # no stall verdicts before the latency fit has this many points
    retry_ratio: float = 0.2
    retry_floor: int = 5
    breaker: BreakerConfig = field(default_factory=BreakerConfig)
