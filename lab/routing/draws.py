"""Random numbers drawn once per scenario so every policy faces the very same world."""

import random
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from core.gateways import GatewayRequest
from lab.routing.scenario import Scenario


@dataclass
class World:
    """Arrivals, requests and per-(payment, gateway) outcome draws."""

    arrivals: list[float]
    requests: list[GatewayRequest]
    index: dict[str, int]
    issuer: list[float]  # one per payment: a retry elsewhere meets the same issuer
    tech: list[float]  # one per payment and gateway
    z: list[float]  # latency z-score per payment and gateway
    slot: dict[str, int]
    # A second try on the same gateway after a fast failure meets fresh luck: one per payment,
    # since a payment gets at most one retry.
    tech_again: list[float]
    z_again: list[float]

    def draw(
        self, gateway: str, request: GatewayRequest, again: bool = False
    ) -> tuple[float, float, float]:
        """The pre-drawn numbers for this payment on this gateway (or its second try there)."""
        i = self.index[request.idempotency_key]
        if again:
            return self.issuer[i], self.tech_again[i], self.z_again[i]
        j = i * len(self.slot) + self.slot[gateway]
        return self.issuer[i], self.tech[j], self.z[j]


def draw_world(sc: Scenario) -> World:
    """Poisson arrivals (tps may change with events), asset per traffic share, outcome draws."""
    rng = random.Random(sc.seed)  # noqa: S311 - a seeded simulation, not a secret
    assets = list(sc.assets)
    cum = list(accumulate(sc.assets[a] for a in assets))
    slot = {g: k for k, g in enumerate(sc.gateways)}
    arrivals: list[float] = []
    requests: list[GatewayRequest] = []
    t, amount = 0.0, Decimal("10")
    ticks = [*sc.ticks, sc.duration_s]
    while True:
        rate = sc.value("", "tps", t)
        if rate <= 0:  # quiet until the next change
            t = next((x for x in ticks if x > t), sc.duration_s)
            if t >= sc.duration_s:
                break
            continue
        t += rng.expovariate(rate)
        if t >= sc.duration_s:
            break
        i = len(arrivals)
        asset = assets[min(bisect_right(cum, rng.random() * cum[-1]), len(assets) - 1)]
        arrivals.append(t)
        requests.append(GatewayRequest(f"pay-{i}", amount, asset, f"payer-{i % 997}", "payee"))
    n, g = len(arrivals), len(slot)
    issuer = [rng.random() for _ in range(n)]
    tech = [rng.random() for _ in range(n * g)]
    z = [rng.gauss(0.0, 1.0) for _ in range(n * g)]
    # Drawn last so the numbers every earlier draw gets do not depend on them.
    tech_again = [rng.random() for _ in range(n)]
    z_again = [rng.gauss(0.0, 1.0) for _ in range(n)]
    index = {r.idempotency_key: i for i, r in enumerate(requests)}
    return World(arrivals, requests, index, issuer, tech, z, slot, tech_again, z_again)
