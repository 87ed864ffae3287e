"""A routing scenario (the eval README's format) and the true state of the world over time."""

from dataclasses import dataclass, field
from typing import Any

from core.routing.simulated import Profile

NUMERIC = ("success_rate", "p50_ms", "p95_ms")
RAMP_TICK_S = 1.0  # during a ramp the simulated gateways are updated this often


@dataclass
class _Piece:
    """A value moving linearly from ``a`` at ``t0`` to ``b`` at ``t1`` (constant after)."""

    t0: float
    a: float
    t1: float
    b: float

    def at(self, t: float) -> float:
        if t >= self.t1 or self.t1 <= self.t0:
            return self.b
        if t <= self.t0:
            return self.a
        return self.a + (self.b - self.a) * (t - self.t0) / (self.t1 - self.t0)


@dataclass
class _Track:
    """Every change of one numeric field, in time order."""

    pieces: list[_Piece]

    def at(self, t: float) -> float:
        value = self.pieces[0].a
        for piece in self.pieces:
            if piece.t0 > t:
                break
            value = piece.at(t)
        return value

    def move(self, t0: float, ramp_s: float, b: float) -> None:
        self.pieces.append(_Piece(t0, self.at(t0), t0 + ramp_s, b))


@dataclass
class Scenario:
    """A parsed scenario with timelines for every gateway field, the decline rate and tps."""

    name: str
    seed: int
    duration_s: float
    timeout_ms: float
    assets: dict[str, float]
    gateways: dict[str, frozenset[str]]
    weights: dict[str, float] | None
    events: list[dict[str, Any]]
    tracks: dict[tuple[str, str], _Track] = field(default_factory=dict)
    failures: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    ticks: list[float] = field(default_factory=list)

    def value(self, gateway: str, key: str, t: float) -> float:
        """A numeric field's true value at ``t`` ('' gateway: global fields)."""
        return self.tracks[(gateway, key)].at(t)

    def failure(self, gateway: str, t: float) -> str:
        """The failure kind in force at ``t``."""
        kind = "error"
        for at, k in self.failures[gateway]:
            if at > t:
                break
            kind = k
        return kind

    def profile(self, gateway: str, t: float) -> Profile:
        """The simulated gateway's behaviour at ``t``."""
        v = self.value
        return Profile(
            v(gateway, "success_rate", t),
            v(gateway, "p50_ms", t),
            v(gateway, "p95_ms", t),
            self.failure(gateway, t),
            v("", "issuer_decline_rate", t),
            self.timeout_ms,
        )

    def truth(self, t: float) -> dict[str, float]:
        """Every gateway's true technical success rate at ``t``."""
        return {g: self.value(g, "success_rate", t) for g in self.gateways}


def _fields(spec: dict[str, Any]) -> dict[str, Any]:
    keys = ("success_rate", "issuer_decline_rate", "tps")
    out: dict[str, Any] = {k: spec[k] for k in keys if k in spec}
    latency = spec.get("latency_ms") or {}
    if "p50" in latency:
        out["p50_ms"] = float(latency["p50"])
    if "p95" in latency:
        out["p95_ms"] = float(latency["p95"])
    return out


def parse(raw: dict[str, Any]) -> Scenario:
    """Build a Scenario from the JSON dict (unknown keys are ignored)."""
    specs = raw["gateways"]
    sc = Scenario(
        name=str(raw.get("name", "scenario")),
        seed=int(raw.get("seed", 0)),
        duration_s=float(raw["duration_s"]),
        timeout_ms=float(raw.get("timeout_ms", 5000)),
        assets=dict(raw.get("assets") or {"USDC": 1.0}),
        gateways={g: frozenset(s.get("assets", ["USDC"])) for g, s in specs.items()},
        weights=raw.get("weights"),
        events=sorted(raw.get("events", []), key=lambda e: float(e["at_s"])),
    )
    start = {
        "tps": float(raw.get("tps", 1.0)),
        "issuer_decline_rate": float(raw.get("issuer_decline_rate", 0.0)),
    }
    sc.tracks = {("", k): _Track([_Piece(0.0, v, 0.0, v)]) for k, v in start.items()}
    for g, s in specs.items():
        f = {"success_rate": 1.0, "p50_ms": 100.0, "p95_ms": 200.0, **_fields(s)}
        for k in NUMERIC:
            sc.tracks[(g, k)] = _Track([_Piece(0.0, float(f[k]), 0.0, float(f[k]))])
        sc.failures[g] = [(0.0, str(s.get("failure", "error")))]
    ticks = {0.0}
    for e in sc.events:
        at, ramp = float(e["at_s"]), float(e.get("ramp_s", 0.0))
        gw = e.get("gateway", "")
        for k, v in _fields(e).items():
            owner = "" if k in start else gw
            sc.tracks[(owner, k)].move(at, ramp, float(v))
        if gw and "failure" in e:
            sc.failures[gw].append((at, str(e["failure"])))
        ticks.add(at)
        step = at
        while step < at + ramp:
            step += RAMP_TICK_S
            ticks.add(min(step, at + ramp))
    sc.ticks = sorted(ticks)
    return sc
