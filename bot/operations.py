"""The operations runtime: the fleet, the routing agent, the metrics roll-up, simulated traffic."""

import itertools
import logging
import math
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from agents.routing import RoutingAgent
from bot.rails import Fleet
from core.deps import Deps
from core.gateways import GatewayRequest
from core.routing.incidents import Change
from core.routing.minutes import MinuteRollup
from core.routing.operations import after_cycle, roll_up
from core.routing.ports import OperationsStore

log = logging.getLogger(__name__)

# The traffic simulator's asset mix: mostly USDC, like the product's users.
TRAFFIC_MIX = (("USDC", 0.6), ("USD", 0.2), ("EUR", 0.1), ("GBP", 0.05), ("INR", 0.05))


@dataclass
class Operations:
    """Everything the routing loops touch, built once per process by the composition root."""

    deps: Deps
    fleet: Fleet
    agent: RoutingAgent
    store: OperationsStore
    retention: timedelta
    traffic_tps: float = 0.0
    rollup: MinuteRollup = field(default_factory=MinuteRollup)
    _rng: random.Random = field(default_factory=lambda: random.Random(11))  # noqa: S311
    _sent: "itertools.count[int]" = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self._life = self.deps.ids.new_id()[:8]
        self.fleet.on_attempt(lambda result: self.rollup.observe(result, self.deps.clock.now()))

    async def cycle(self) -> tuple[dict[str, object], list[Change]]:
        """One Observe → Reason → Act → Learn cycle, then incidents and alerts."""
        state = await self.agent.arun(self.fleet.clock())
        changes = await after_cycle(
            self.deps,
            self.store,
            state["observation"],
            state.get("applied", []),
            state.get("explanation", ""),
            state.get("chooser", "policy"),
            state.get("learned"),
        )
        return dict(state), changes

    async def roll_up(self) -> int:
        """Persist finished minutes with the router's current USDC traffic shares."""
        weights = {g: 100.0 * s for g, s in self.fleet.router.shares("USDC").items()}
        return await roll_up(
            self.store, self.rollup, self.deps.clock.now(), weights, self.retention
        )

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
