"""Turn one policy's trace into the README's metrics."""

from dataclasses import dataclass, field
from typing import Any

from lab.routing.faults import Fault
from lab.routing.scenario import Scenario

SHARE_WINDOW = 400  # attempts per window when judging a gateway's share of new attempts
DETECTED_SHARE = 0.05
RECOVERED_SHARE = 0.5
BEFORE_S = 60.0  # the pre-fault share is measured over this long
TRIP_MARGIN = 0.03


@dataclass
class Trace:
    """Everything one policy did in one run."""

    attempts: list[tuple[float, str, str]] = field(default_factory=list)  # start, gateway, asset
    payments: list[tuple[bool, bool, float]] = field(default_factory=list)  # ok, lost, ms
    moves: list[tuple[float, str, str]] = field(default_factory=list)  # at, gateway, new state
    decisions: int = 0
    decision_s: float = 0.0


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _relevant(trace: Trace, sc: Scenario, gw: str, t0: float, t1: float) -> list[tuple[float, int]]:
    """(start, 1 if routed to gw) for attempts in [t0, t1) in an asset ``gw`` carries."""
    assets = sc.gateways[gw]
    return [(t, int(g == gw)) for t, g, a in trace.attempts if t0 <= t < t1 and a in assets]


def _detect(trace: Trace, sc: Scenario, f: Fault) -> tuple[int | None, float | None]:
    """Faulty attempts from onset until the trailing share stays under 5 % or a breaker opens."""
    end = f.end if f.end is not None else sc.duration_s
    seq = _relevant(trace, sc, f.gateway, 0.0, end)
    first = next((i for i, (t, _) in enumerate(seq) if t >= f.onset), len(seq))
    run = sum(h for _, h in seq[max(0, first - SHARE_WINDOW) : first])
    last_high = None
    for k in range(first, len(seq)):
        run += seq[k][1] - (seq[k - SHARE_WINDOW][1] if k >= SHARE_WINDOW else 0)
        if run >= DETECTED_SHARE * min(SHARE_WINDOW, k + 1):
            last_high = k
    trips = [t for t, g, s in trace.moves if g == f.gateway and s == "open" and f.onset <= t < end]
    if last_high == len(seq) - 1 and not trips:
        return None, None  # still getting its share when the fault ended
    stop = seq[last_high][0] if last_high is not None else f.onset
    if trips and trips[0] < stop:
        stop = trips[0]
    routed = [t for t, h in seq[first:] if h and t <= stop]
    return len(routed), round((routed[-1] if routed else f.onset) - f.onset, 2)


def _recover(trace: Trace, sc: Scenario, f: Fault) -> float | None:
    if f.end is None:
        return None
    before = _relevant(trace, sc, f.gateway, f.onset - BEFORE_S, f.onset)
    if f.onset >= BEFORE_S / 2 and len(before) >= SHARE_WINDOW:
        ref = sum(h for _, h in before) / len(before)
    else:  # no history before the fault: use the even split over its assets' carriers
        carriers = [sum(1 for g in sc.gateways.values() if a in g) for a in sc.gateways[f.gateway]]
        shares = [sc.assets.get(a, 0.0) for a in sc.gateways[f.gateway]]
        total = sum(shares)
        ref = sum(s / k for s, k in zip(shares, carriers, strict=True)) / total if total else 0.0
    seq = _relevant(trace, sc, f.gateway, f.end, sc.duration_s)
    run, w = 0, SHARE_WINDOW
    for j, (_, h) in enumerate(seq):
        run += h - (seq[j - w][1] if j >= w else 0)
        if j + 1 >= w and run >= RECOVERED_SHARE * ref * w:
            return round(seq[j - w + 1][0] - f.end, 2)
    return None


def summarise(policy: str, sc: Scenario, faults: list[Fault], trace: Trace) -> dict[str, Any]:
    """The README's metrics for one policy (regret is filled in against the oracle later)."""
    n = len(trace.payments)
    ok = sum(1 for p in trace.payments if p[0])
    latencies = sorted(p[2] for p in trace.payments)
    false_trips = flaps = 0
    for at, gw, state in trace.moves:
        if at > sc.duration_s:
            break  # only stragglers report after arrivals stop: nothing left to protect
        if state == "open":
            truth = sc.truth(at)
            peers = [g for g, assets in sc.gateways.items() if assets & sc.gateways[gw]]
            false_trips += truth[gw] >= max(truth[g] for g in peers) - TRIP_MARGIN - 1e-9
        flaps += not any(f.gateway == gw and f.covers(at) for f in faults)
    detected = [_detect(trace, sc, f) for f in faults]
    return {
        "policy": policy,
        "scenario": sc.name,
        "payments": n,
        "succeeded": ok,
        "success_rate": round(ok / n, 5) if n else 0.0,
        "regret_pp": None,
        "attempts_per_payment": round(len(trace.attempts) / n, 4) if n else 0.0,
        "faults": [
            {"gateway": f.gateway, "onset_s": f.onset, "end_s": f.end, "hard": f.hard}
            for f in faults
        ],
        "detect_tx": [d[0] for d in detected],
        "detect_s": [d[1] for d in detected],
        "lost": sum(1 for p in trace.payments if p[1]),
        "false_trips": false_trips,
        "flaps": flaps,
        "recover_s": [_recover(trace, sc, f) for f in faults if f.end is not None],
        "p50_ms": round(_percentile(latencies, 0.50), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "decisions_per_s": round(trace.decisions / trace.decision_s) if trace.decision_s else None,
    }
