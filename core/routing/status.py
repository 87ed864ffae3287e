"""What operators see and may ask for: gateway status, chaos and breaker moves parsed strictly."""

from dataclasses import dataclass
from typing import Any

from core.errors import DomainError
from core.routing.overrides import OverrideChange, breaker_key, chaos_key
from core.routing.router import Router
from core.routing.simulated import SimulatedGateway

FAILURE_KINDS = ("error", "timeout", "network")
# Overrides are stored once and every process's router follows them within seconds.
EVERYWHERE = " on every process"


@dataclass(frozen=True)
class GatewayStatus:
    """One gateway as an operator sees it."""

    name: str
    assets: tuple[str, ...]
    breaker: str
    score: float
    usdc_share: float | None
    configured_success: float


def gateway_status(router: Router, gateways: dict[str, SimulatedGateway]) -> list[GatewayStatus]:
    """Every gateway: breaker, recent success, USDC traffic share, configured health."""
    shares = router.shares("USDC")
    return [
        GatewayStatus(
            name=name,
            assets=tuple(sorted(gw.assets)),
            breaker=router.state(name).value,
            score=router.score(name),
            usdc_share=shares.get(name),
            configured_success=gw.success_rate,
        )
        for name, gw in sorted(gateways.items())
    ]


def chaos_change(gateways: dict[str, SimulatedGateway], args: list[str]) -> OverrideChange:
    """`<gateway> fail <rate> [kind]` | `<gateway> slow <p50> <p95>` | `<gateway> restore`."""
    usage = (
        "Use: /chaos <gateway> fail <0-1> [error|timeout|network], "
        "/chaos <gateway> slow <p50 ms> <p95 ms>, or /chaos <gateway> restore."
    )
    if len(args) < 2 or args[0] not in gateways:
        known = ", ".join(sorted(gateways))
        raise DomainError(f"{usage} Gateways: {known}.")
    gateway, verb, rest = gateways[args[0]], args[1].lower(), args[2:]
    key, now = chaos_key(gateway.name), gateway.profile
    try:
        if verb == "fail" and len(rest) in (1, 2):
            rate, kind = float(rest[0]), (rest[1].lower() if len(rest) == 2 else "error")
            if not 0 <= rate <= 1 or kind not in FAILURE_KINDS:
                raise ValueError
            value = _profile(1.0 - rate, now.p50_ms, now.p95_ms, kind)
            reply = f"{gateway.name} now fails {rate:.0%} of attempts ({kind}){EVERYWHERE}."
            return OverrideChange(key, value, reply)
        if verb == "slow" and len(rest) == 2:
            p50, p95 = float(rest[0]), float(rest[1])
            if not 0 < p50 <= p95:
                raise ValueError
            value = _profile(now.success_rate, p50, p95, now.failure)
            reply = f"{gateway.name} latency is now p50 {p50:.0f} ms, p95 {p95:.0f} ms{EVERYWHERE}."
            return OverrideChange(key, value, reply)
        if verb == "restore" and not rest:
            reply = f"{gateway.name} is back to its normal behaviour{EVERYWHERE}."
            return OverrideChange(key, {"restore": True}, reply)
    except ValueError:
        pass
    raise DomainError(usage)


def _profile(success_rate: float, p50_ms: float, p95_ms: float, failure: str) -> dict[str, Any]:
    return {"success_rate": success_rate, "p50_ms": p50_ms, "p95_ms": p95_ms, "failure": failure}


def breaker_change(router: Router, args: list[str]) -> OverrideChange:
    """`<gateway> open|close`: an operator's manual breaker move (last healthy one kept)."""
    if len(args) != 2 or args[0] not in router.gateways or args[1] not in ("open", "close"):
        raise DomainError("Use: /breaker <gateway> open|close.")
    name, move = args
    key = breaker_key(name)
    if move == "open":
        stranded = [
            asset
            for asset in router.assets
            if name in router.carriers(asset)
            and all(g == name or router.state(g).value == "open" for g in router.carriers(asset))
        ]
        if stranded:
            raise DomainError(
                f"{name} is the last working gateway for {', '.join(stranded)}; I kept it closed."
            )
        reply = f"{name}'s breaker is open{EVERYWHERE}; its traffic goes elsewhere."
        return OverrideChange(key, {"move": "open", "reason": "opened by an operator"}, reply)
    reply = f"{name}'s breaker is closed{EVERYWHERE}; traffic returns gradually."
    return OverrideChange(key, {"move": "close", "reason": "closed by an operator"}, reply)
