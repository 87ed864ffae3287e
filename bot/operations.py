"""The operations runtime: the fleet, the routing agent, the metrics roll-up, simulated traffic.

Overrides are followed by every process; the routing agent, incident planning and simulated
traffic run on the leader only (``Leadership``).
"""

import itertools
import logging
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from agents.routing import RoutingAgent
from bot.rails import Fleet
from core.audit import Actor, AuditEntry, Door, SubjectKind, change_of
from core.deps import Deps
from core.gateways import GatewayRequest
from core.routing.fleet_totals import with_other_processes
from core.routing.incidents import Change
from core.routing.minutes import MinuteRollup
from core.routing.operations import after_cycle, roll_up
from core.routing.overrides import (
    InProcessOverrides,
    Override,
    OverrideChange,
    OverrideFollower,
    OverrideStore,
    agent_changes,
    apply_override,
)
from core.routing.ports import OperationsStore

log = logging.getLogger(__name__)

# The traffic simulator's asset mix: mostly USDC, like the product's users.
TRAFFIC_MIX = (("USDC", 0.6), ("USD", 0.2), ("EUR", 0.1), ("GBP", 0.05), ("INR", 0.05))
# Incident planning adds the other processes' minutes this recent to the leader's own window.
OTHERS_WINDOW = timedelta(minutes=2)
# How long the simulated gateways remember a charged key (a real gateway: about a day).
KEY_MEMORY = timedelta(days=1)


class Leadership(Protocol):
    """Whether this process does the fleet's once-only duties."""

    shared: bool  # False: this process is alone on its database and always leads

    @property
    def is_leader(self) -> bool: ...

    async def refresh(self) -> bool:
        """Keep or try to take the lead; True while this process leads."""
        ...

    async def release(self) -> None:
        """Hand the lead over (shutdown)."""
        ...


class _Alone:
    """The default: one process, always the leader."""

    shared = False
    is_leader = True

    async def refresh(self) -> bool:
        return True

    async def release(self) -> None:
        return None


@dataclass
class Operations:
    """Everything the routing loops touch, built once per process by the composition root."""

    deps: Deps
    fleet: Fleet
    agent: RoutingAgent
    store: OperationsStore
    retention: timedelta
    traffic_tps: float = 0.0
    overrides: OverrideStore = field(default_factory=InProcessOverrides)
    leadership: Leadership = field(default_factory=_Alone)
    forget_keys: Callable[[datetime], Awaitable[int]] | None = None  # shared gateway memory
    rollup: MinuteRollup = field(default_factory=MinuteRollup)
    _rng: random.Random = field(default_factory=lambda: random.Random(11))  # noqa: S311
    _sent: "itertools.count[int]" = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self._life = self.deps.ids.new_id()[:8]
        self.fleet.on_attempt(lambda result: self.rollup.observe(result, self.deps.clock.now()))
        self.follower = OverrideFollower(self.fleet.router, self.fleet.gateways, self.fleet.clock)
        self._overrides_unread = False

    async def override(
        self, change: OverrideChange, actor: Actor, door: Door, fleet: Fleet | None = None
    ) -> str:
        """Store an operator's change for every process and apply it here now; the reply."""
        fleet = fleet or self.fleet
        now = self.deps.clock.now()
        recorded = self._recorded(change, actor, door, now)
        by = actor.describe()
        revision = await self.overrides.put(change.key, change.value, now, by, recorded)
        done = Override(change.key, change.value, revision, now, by)
        apply_override(fleet.router, fleet.gateways, fleet.clock(), done)
        if fleet is self.fleet:
            self.follower.note(change.key, revision)
        return change.reply

    def _recorded(
        self, change: OverrideChange, actor: Actor, door: Door, now: datetime
    ) -> AuditEntry:
        """The audit entry of an override: a breaker move, or chaos and weights."""
        kind = SubjectKind.BREAKER if change.key.startswith("breaker:") else None
        subject = (kind or SubjectKind.GATEWAY_OVERRIDE, change.key)
        return change_of(self.deps.ids, now, actor, door, subject, "override", **change.value)

    async def follow_overrides(self) -> list[str]:
        """Apply the overrides other processes stored since the last call; the keys applied."""
        try:
            stored = await self.overrides.current()
        except Exception:  # the database alarm tells operators; one line here per outage
            if not self._overrides_unread:
                log.warning("fleet overrides cannot be read; following again when they can")
            self._overrides_unread = True
            return []
        self._overrides_unread = False
        applied = self.follower.follow(stored, self.deps.clock.now())
        if applied:
            log.info("applied fleet overrides: %s", ", ".join(applied))
        return applied

    async def lead(self) -> bool:
        """Keep or try to take the fleet's lead; says so in the log when it changes hands."""
        was = self.leadership.is_leader
        leads = await self.leadership.refresh()
        if leads and not was:
            log.info("this process (%s) now leads: routing agent, incidents, traffic", self._life)
        elif was and not leads:
            log.warning("this process (%s) no longer leads", self._life)
        return leads

    async def cycle(self) -> tuple[dict[str, object], list[Change]]:
        """One Observe → Reason → Act → Learn cycle, then incidents and alerts."""
        state = await self.agent.arun(self.fleet.clock())
        applied = state.get("applied", [])
        now = self.deps.clock.now()
        agent = Actor.system("routing agent")
        for change in agent_changes(self.fleet.router, applied):  # the followers do the same
            recorded = self._recorded(change, agent, Door.SYSTEM, now)
            revision = await self.overrides.put(
                change.key, change.value, now, "routing agent", recorded
            )
            self.follower.note(change.key, revision)  # done here already
        observation = state["observation"]
        if self.leadership.shared:  # the incidents are the fleet's: count every process
            since = now - OTHERS_WINDOW
            others = await self.store.totals_of_others(since, self._life)
            observation = with_other_processes(observation, others)
        changes = await after_cycle(
            self.deps,
            self.store,
            observation,
            applied,
            state.get("explanation", ""),
            state.get("chooser", "policy"),
            state.get("learned"),
        )
        return dict(state), changes

    async def roll_up(self) -> int:
        """Persist finished minutes with the router's current USDC traffic shares."""
        weights = {g: 100.0 * s for g, s in self.fleet.router.shares("USDC").items()}
        now = self.deps.clock.now()
        stored = await roll_up(self.store, self.rollup, now, weights, self.retention, self._life)
        if self.forget_keys is not None and self.leadership.is_leader:
            await self.forget_keys(now - KEY_MEMORY)
        return stored

    async def simulate(self, seconds: float) -> int:
        """Send the synthetic payments of ``seconds`` at the configured rate (Poisson)."""
        count = _poisson(self._rng, self.traffic_tps * seconds)
        for _ in range(count):
            asset = self._rng.choices([a for a, _ in TRAFFIC_MIX], [w for _, w in TRAFFIC_MIX])[0]
            # The life prefix keeps keys unique across restarts: the seeded dice repeat.
            key = f"sim-{self._life}-{next(self._sent)}-{self._rng.getrandbits(32):08x}"
            await self.fleet.rail.send(GatewayRequest(key, Decimal(1), asset, "sim", "sim"))
        return count


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: Knuth's method for small means, a rounded normal for large ones."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
