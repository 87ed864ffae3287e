"""Fault events of a scenario: when a gateway got worse, and when it got well again."""

from dataclasses import dataclass

from lab.routing.scenario import Scenario

WORSE_PP = 0.01  # a drop of at least one point in success rate is a fault
SLOWER = 1.5  # or a p95 at least 1.5 times what it was
GRACE_S = 60.0  # breaker moves this long after a fault ends are still the fault's doing


@dataclass(frozen=True)
class Fault:
    """One fault: onset (ramp start) to end (None: lasts to the end of the run)."""

    gateway: str
    onset: float
    end: float | None
    hard: bool  # the gateway stops working altogether

    def covers(self, t: float, grace: float = GRACE_S) -> bool:
        """True if a breaker move at ``t`` is explained by this fault."""
        return self.onset <= t <= (self.end if self.end is not None else float("inf")) + grace


def find_faults(sc: Scenario) -> list[Fault]:
    """Walk the gateway events in time order, pairing each degradation with its recovery."""
    open_: dict[str, tuple[float, float, float, float]] = {}  # gw → (onset, rate, p95, worst)
    found: list[Fault] = []
    for e in sc.events:
        gw = e.get("gateway")
        if not gw or gw not in sc.gateways:
            continue
        at = float(e["at_s"])
        before_rate = _before(sc, gw, "success_rate", at)
        before_p95 = _before(sc, gw, "p95_ms", at)
        new_rate = float(e.get("success_rate", before_rate))
        new_p95 = float((e.get("latency_ms") or {}).get("p95", before_p95))
        if gw in open_:
            onset, rate0, p950, worst = open_[gw]
            worst = min(worst, new_rate)
            if new_rate >= rate0 - WORSE_PP and new_p95 <= p950 * SLOWER:
                found.append(Fault(gw, onset, at, worst <= 0.0))
                del open_[gw]
            else:
                open_[gw] = (onset, rate0, p950, worst)
        elif new_rate <= before_rate - WORSE_PP or new_p95 >= before_p95 * SLOWER:
            open_[gw] = (at, before_rate, before_p95, new_rate)
    found.extend(Fault(gw, onset, None, worst <= 0.0) for gw, (onset, _, _, worst) in open_.items())
    return sorted(found, key=lambda f: (f.onset, f.gateway))


def _before(sc: Scenario, gw: str, key: str, at: float) -> float:
    """A field's value just before ``at`` (the file's own value for events at time zero)."""
    if at <= 0:
        return sc.tracks[(gw, key)].pieces[0].a
    return sc.value(gw, key, at - 1e-9)
