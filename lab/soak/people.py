"""The soak's payers: demo people added to the sandbox, and the messages they type."""

import random
from dataclasses import dataclass
from decimal import Decimal

FIRST_ID = 7_100_001


@dataclass(frozen=True)
class Payer:
    """One soak user."""

    id: int
    name: str
    username: str

    def as_json(self) -> dict[str, object]:
        """The sandbox's POST /sandbox/api/people body."""
        return {"id": self.id, "first_name": self.name, "username": self.username}


@dataclass(frozen=True)
class Ask:
    """A payment a soak user asks for, and how it is classed in the report."""

    kind: str  # "one-off" or "recurring"
    text: str
    amount: Decimal


def payers(count: int) -> list[Payer]:
    """``count`` users with distinct names and handles."""
    return [Payer(FIRST_ID + i, f"Soak{i:03d}", f"soak_{i:03d}") for i in range(count)]


def ask(rng: random.Random, payer: Payer, others: list[Payer], every: int) -> Ask:
    """A random one-off (most) or a short series every ``every`` seconds (some)."""
    payee = rng.choice([p for p in others if p.id != payer.id])
    if rng.random() < 0.3:
        amount = Decimal(rng.choice(["0.5", "1", "2"]))
        runs = rng.randint(3, 8)
        text = f"pay @{payee.username} {amount} usdc every {every} seconds {runs} times"
        return Ask("recurring", text, amount)
    amount = Decimal(rng.randint(1, 4000)) / 100
    return Ask("one-off", f"pay @{payee.username} {amount} usdc", amount)
