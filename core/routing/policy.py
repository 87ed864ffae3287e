"""The routing agent's deterministic policy: observe → propose → (apply) → learn."""

import math

from core.routing.actions import (
    Action,
    AgentState,
    Applied,
    GatewayHealth,
    Observation,
    OutcomeRecord,
)
from core.routing.window import MetricsWindow

MIN_EVIDENCE = 20  # technical attempts in a window before its success rate is trusted
MIN_SAMPLES = 30  # outcomes behind a score before it may set the bar for others
OPEN_BELOW = 0.5  # a closed gateway failing most attempts gets its breaker opened
DEGRADED_GAP = 0.05  # clearly this far below the best healthy carrier: take traffic away
CONFIDENCE_Z = 2.0  # "clearly": even its optimistic bound is below the bar
DEGRADED_FLOOR = 0.2  # a degraded gateway keeps this share of its even weight
HEALTHY_GAP = 0.03  # within this of the best: give it back its even weight (gradually)
THROTTLED_RATIO = 0.05
STORM_SUCCESS = 0.5  # everything failing: retries only amplify the storm
CALM_SUCCESS = 0.8
WEIGHT_STEP = 1.0  # ignore weight changes smaller than this many points
LEARN_MARGIN = 0.005
HISTORY = 100


def observe(window: MetricsWindow) -> Observation:
    """Summarise one metrics window per gateway."""
    gateways: dict[str, GatewayHealth] = {}
    wins = technical = 0
    for name, g in window.gateways.items():
        assets = tuple(a for a, names in window.carriers.items() if name in names)
        gateways[name] = GatewayHealth(
            name=name,
            assets=assets,
            state=str(window.states[name]),
            score=window.scores[name],
            samples=window.samples[name],
            attempts=g.attempts,
            technical=g.technical,
            window_success=g.success_rate,
            p95_ms=g.p95_ms(),
            probes_ok=g.probes_ok,
            probes_failed=g.probes_failed,
        )
        wins += g.succeeded
        technical += g.technical
    return Observation(
        at=window.ended_at,
        span_s=window.ended_at - window.started_at,
        gateways=gateways,
        carriers=window.carriers,
        weights=window.weights,
        first_attempts=window.first_attempts,
        retries=window.retries,
        retry_ratio=window.retry_ratio,
        success_rate=wins / technical if technical else None,
    )


def _upper(g: GatewayHealth) -> float:
    """Optimistic bound on a gateway's success: only clear evidence takes its traffic away."""
    p = g.score
    return p + CONFIDENCE_Z * math.sqrt(max(p * (1.0 - p), 0.01) / (g.samples + 1))


def _breakers(obs: Observation) -> list[Action]:
    actions = []
    for g in obs.gateways.values():
        if (
            g.state == "closed"
            and g.technical >= MIN_EVIDENCE
            and g.window_success is not None
            and g.window_success < OPEN_BELOW
        ):
            actions.append(
                Action(
                    "open_circuit_breaker",
                    f"{g.window_success:.0%} technical success over {g.technical} attempts",
                    gateway=g.name,
                )
            )
        elif g.state != "closed" and g.probes_ok and not g.probes_failed:
            actions.append(Action("close_circuit_breaker", "probes succeeded", gateway=g.name))
    return actions


def _reroutes(obs: Observation) -> list[Action]:
    actions = []
    for asset, names in obs.carriers.items():
        trusted = [
            obs.gateways[n]
            for n in names
            if obs.gateways[n].state == "closed" and obs.gateways[n].samples >= MIN_SAMPLES
        ]
        if len(names) < 2 or not trusted:
            continue
        best = max(g.score for g in trusted)
        even = 100.0 / len(names)
        current = obs.weights[asset]
        target = {}
        for name in names:
            g = obs.gateways[name]
            if g.state == "closed" and _upper(g) < best - DEGRADED_GAP:
                target[name] = even * DEGRADED_FLOOR
            elif g.state == "closed" and g.score >= best - HEALTHY_GAP:
                target[name] = even  # the guardrail turns this into a gradual restore
            else:
                target[name] = current[name]  # breakers and unclear cases: leave alone
        total = sum(target.values())
        target = {n: 100.0 * w / total for n, w in target.items()}
        if any(abs(target[n] - current[n]) >= WEIGHT_STEP for n in names):
            actions.append(
                Action(
                    "reroute_traffic",
                    f"best healthy carrier at {best:.1%}",
                    asset=asset,
                    weights=target,
                )
            )
    return actions


def _retries(obs: Observation, state: AgentState) -> list[Action]:
    rate = obs.success_rate
    if rate is None:
        return []
    if rate < STORM_SUCCESS and obs.retry_ratio > THROTTLED_RATIO:
        return [
            Action(
                "throttle_retries",
                f"only {rate:.0%} technical success everywhere",
                budget=THROTTLED_RATIO,
            )
        ]
    if rate >= CALM_SUCCESS and obs.retry_ratio < state.default_retry_ratio:
        return [
            Action("throttle_retries", "gateways healthy again", budget=state.default_retry_ratio)
        ]
    return []


def propose(observation: Observation, state: AgentState) -> list[Action]:
    """The deterministic proposal for this window (an LLM may choose among these)."""
    state.cycles += 1
    return [*_breakers(observation), *_reroutes(observation), *_retries(observation, state)]


def learn(
    before: Observation, after: Observation, applied: list[Applied], state: AgentState | None = None
) -> OutcomeRecord:
    """Compare the windows around the actions and remember the verdict."""
    b, a = before.success_rate, after.success_rate
    if b is None or a is None:
        verdict = "unknown"
    elif a > b + LEARN_MARGIN:
        verdict = "improved"
    elif a < b - LEARN_MARGIN:
        verdict = "worse"
    else:
        verdict = "unchanged"
    record = OutcomeRecord(after.at, tuple(applied), b, a, verdict)  # type: ignore[arg-type]
    if state is not None:
        state.history.append(record)
        del state.history[:-HISTORY]
    return record
