"""Apply the agent's actions to the router, but only within the guardrails."""

from collections.abc import Iterable

from core.routing.actions import Action, Applied
from core.routing.breaker import BreakerState
from core.routing.router import Router

MAX_RETRY_RATIO = 0.2  # retries may never exceed a fifth of recent first attempts
RESTORE_STEP = 10.0  # a gateway's weight may grow by at most max(this, its current weight)


def _last_healthy(router: Router, gateway: str) -> str | None:
    """The asset for which ``gateway`` is the only closed carrier, if any."""
    for asset in router.assets:
        names = router.carriers(asset)
        if gateway in names and not any(
            n != gateway and router.state(n) is BreakerState.CLOSED for n in names
        ):
            return asset
    return None


def restore_gradually(current: dict[str, float], proposed: dict[str, float]) -> dict[str, float]:
    """Cap each increase to at most doubling (at least +RESTORE_STEP); renormalise to 100."""
    capped = {
        n: min(w, current.get(n, 0.0) + max(RESTORE_STEP, current.get(n, 0.0)))
        for n, w in proposed.items()
    }
    grown = {n for n in capped if capped[n] > current.get(n, 0.0)}
    fixed = sum(capped[n] for n in grown)
    rest = sum(capped[n] for n in capped if n not in grown)
    if fixed >= 100.0 or rest <= 0.0:
        total = sum(capped.values())
        return {n: 100.0 * w / total for n, w in capped.items()}
    # The capped gateways keep their step; the others share what is left in proportion.
    return {n: capped[n] if n in grown else (100.0 - fixed) * capped[n] / rest for n in capped}


def _reroute(action: Action, router: Router) -> Applied:
    asset = action.asset or ""
    names = router.carriers(asset)
    if not names or not action.weights:
        return Applied(action, False, "unknown asset or no weights")
    proposed = {n: max(0.0, float(action.weights.get(n, 0.0))) for n in names}
    if sum(proposed.values()) <= 0.0:
        return Applied(action, False, "weights would disable every gateway")
    healthy = [n for n in names if router.state(n) is BreakerState.CLOSED]
    if healthy and all(proposed[n] <= 0.0 for n in healthy):
        return Applied(action, False, "would disable the last healthy gateway")
    total = sum(proposed.values())
    proposed = {n: 100.0 * w / total for n, w in proposed.items()}
    weights = restore_gradually(router.weights(asset), proposed)
    router.set_weights(asset, weights)
    return Applied(Action(action.kind, action.reason, asset=asset, weights=weights), True)


def _apply_one(action: Action, router: Router, at: float) -> Applied:
    if action.kind == "reroute_traffic":
        return _reroute(action, router)
    if action.kind == "throttle_retries":
        if action.budget is None:
            return Applied(action, False, "no budget given")
        ratio = min(max(action.budget, 0.0), MAX_RETRY_RATIO)
        router.set_retry_ratio(ratio)
        return Applied(Action(action.kind, action.reason, budget=ratio), True)
    gateway = action.gateway or ""
    if gateway not in router.gateways:
        return Applied(action, False, "unknown gateway")
    if action.kind == "open_circuit_breaker":
        asset = _last_healthy(router, gateway)
        if asset is not None:
            return Applied(action, False, f"last healthy gateway for {asset}")
        router.trip(gateway, at)
        return Applied(action, True)
    if action.kind == "close_circuit_breaker":
        router.reset(gateway, at)  # the router's slow start then restores traffic gradually
        return Applied(action, True)
    return Applied(action, False, f"unknown action {action.kind}")


def apply(actions: Iterable[Action], router: Router, at: float | None = None) -> list[Applied]:
    """Apply each action that passes the guardrails; report what happened to every one."""
    when = router.now if at is None else at
    return [_apply_one(action, router, when) for action in actions]
