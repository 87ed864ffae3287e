"""Fleet-wide overrides: breaker moves, chaos and agent weights stored once, applied everywhere.

An override is stored under a key (``breaker:circle``, ``chaos:circle``, ``weights:USDC``,
``retry_ratio``) with a revision that grows on every write. Each process follows the store: it
applies every revision it has not applied yet to its own router and simulated gateways. Chaos,
weights and the retry ratio are states (the latest one holds); a breaker move is an event that
the router's own cool-down and probe then take over, so a process that starts long after one was
made does not replay it.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.audit import AuditEntry
from core.routing.actions import Applied
from core.routing.router import Router
from core.routing.simulated import Profile, SimulatedGateway

# A breaker move older than this when a process starts is history: the breaker it opened has
# cooled down and probed since (BreakerConfig.max_open_s is 40 s).
BREAKER_MOVE_MEMORY = timedelta(seconds=60)
RETRY_RATIO_KEY = "retry_ratio"


def breaker_key(gateway: str) -> str:
    """The key of a gateway's latest breaker move."""
    return f"breaker:{gateway}"


def chaos_key(gateway: str) -> str:
    """The key of a gateway's chaos setting."""
    return f"chaos:{gateway}"


def weights_key(asset: str) -> str:
    """The key of the routing agent's weights for one asset."""
    return f"weights:{asset}"


@dataclass(frozen=True)
class Override:
    """One stored control as every process reads it."""

    key: str
    value: Mapping[str, Any]
    revision: int
    set_at: datetime
    actor: str


@dataclass(frozen=True)
class OverrideChange:
    """What an operator or the leader asks for: the key, the value to store, a reply in words."""

    key: str
    value: dict[str, Any]
    reply: str


class OverrideStore(Protocol):
    """Where overrides live: shared by every process on one database."""

    async def put(
        self,
        key: str,
        value: dict[str, Any],
        at: datetime,
        actor: str,
        recorded: AuditEntry | None = None,
    ) -> int:
        """Store ``value`` under ``key``, ``recorded`` in the same transaction; the revision."""
        ...

    async def current(self) -> Sequence[Override]:
        """Every key's latest override."""
        ...


class InProcessOverrides:
    """An OverrideStore for a process that shares no database (tests, the routing bench)."""

    def __init__(self) -> None:
        self._rows: dict[str, Override] = {}
        self.recorded: list[AuditEntry] = []  # the audit entries a database would hold

    async def put(
        self,
        key: str,
        value: dict[str, Any],
        at: datetime,
        actor: str,
        recorded: AuditEntry | None = None,
    ) -> int:
        """Replace ``key``'s override; the new revision."""
        if recorded is not None:
            self.recorded.append(recorded)
        revision = self._rows[key].revision + 1 if key in self._rows else 1
        self._rows[key] = Override(key, dict(value), revision, at, actor)
        return revision

    async def current(self) -> Sequence[Override]:
        """Every key's latest override."""
        return list(self._rows.values())


class OverrideFollower:
    """Applies each stored override revision once to this process's router and gateways."""

    def __init__(
        self,
        router: Router,
        gateways: Mapping[str, SimulatedGateway],
        clock: Callable[[], float],
    ) -> None:
        self._router = router
        self._gateways = gateways
        self._clock = clock
        self._applied: dict[str, int] = {}
        self._started = False

    def follow(self, overrides: Sequence[Override], now: datetime) -> list[str]:
        """Apply what is new since the last call; the keys applied."""
        starting, self._started = not self._started, True
        applied = []
        for override in overrides:
            if self._applied.get(override.key) == override.revision:
                continue
            self._applied[override.key] = override.revision
            stale_move = override.key.startswith("breaker:") and (
                now - override.set_at > BREAKER_MOVE_MEMORY
            )
            if starting and stale_move:
                continue
            if self._apply(override):
                applied.append(override.key)
        return applied

    def note(self, key: str, revision: int) -> None:
        """``revision`` of ``key`` is applied here already (by the process that stored it)."""
        self._applied[key] = revision

    def _apply(self, override: Override) -> bool:
        return apply_override(self._router, self._gateways, self._clock(), override)


def apply_override(
    router: Router, gateways: Mapping[str, SimulatedGateway], at: float, override: Override
) -> bool:
    """One override on one process; False when it names what this process does not know."""
    kind, _, name = override.key.partition(":")
    value = override.value
    if kind == "breaker" and name in router.gateways:
        reason = str(value.get("reason", "moved by an operator"))
        if value.get("move") == "open":
            router.trip(name, at, reason)
        else:
            router.reset(name, at, reason)
        return True
    if kind == "chaos" and name in gateways:
        _apply_chaos(gateways[name], value)
        return True
    if kind == "weights" and name in router.assets:
        router.set_weights(name, {g: float(w) for g, w in value["weights"].items()})
        return True
    if override.key == RETRY_RATIO_KEY:
        router.set_retry_ratio(float(value["ratio"]))
        return True
    return False


def _apply_chaos(gateway: SimulatedGateway, value: Mapping[str, Any]) -> None:
    if value.get("restore"):
        gateway.restore()
        return
    now = gateway.profile
    gateway.configure(
        Profile(
            float(value["success_rate"]),
            float(value["p50_ms"]),
            float(value["p95_ms"]),
            str(value["failure"]),
            now.issuer_decline_rate,
            now.timeout_ms,
        )
    )


def agent_changes(router: Router, applied: Sequence[Applied]) -> list[OverrideChange]:
    """What the leader's routing agent just applied, as overrides for the other processes."""
    changes = []
    for done in applied:
        action = done.action
        if not done.applied:
            continue
        if action.kind in ("open_circuit_breaker", "close_circuit_breaker") and action.gateway:
            move = "open" if action.kind == "open_circuit_breaker" else "close"
            reason = f"{'opened' if move == 'open' else 'closed'} by the routing agent"
            value = {"move": move, "reason": reason}
            changes.append(OverrideChange(breaker_key(action.gateway), value, ""))
        elif action.kind == "reroute_traffic" and action.asset:
            weights = {"weights": router.weights(action.asset)}
            changes.append(OverrideChange(weights_key(action.asset), weights, ""))
        elif action.kind == "throttle_retries":
            changes.append(OverrideChange(RETRY_RATIO_KEY, {"ratio": router.budget.ratio}, ""))
    return changes
