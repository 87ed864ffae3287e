"""The first guardian: deterministic rules as data, summed to a 0–100 score and a band."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.entities import RiskLevel

RULESET_VERSION = "builtin-1"
STEP_UP_AT = 40
BLOCK_AT = 75


@dataclass(frozen=True)
class RiskFeatures:
    """The facts a decision is based on, stored with it."""

    amount: Decimal
    asset: str
    available_balance: Decimal
    new_recipient: bool
    per_payment_cap: Decimal

    @property
    def share_of_balance(self) -> Decimal:
        """The amount as a fraction of what the payer has available."""
        if self.available_balance <= 0:
            return Decimal(1)
        return self.amount / self.available_balance

    def as_record(self) -> dict[str, str | bool]:
        """A JSON-friendly copy for the assessment record."""
        return {
            "amount": str(self.amount),
            "asset": self.asset,
            "available_balance": str(self.available_balance),
            "new_recipient": self.new_recipient,
            "per_payment_cap": str(self.per_payment_cap),
            "share_of_balance": str(round(self.share_of_balance, 4)),
        }


@dataclass(frozen=True)
class Rule:
    """One rule: when ``applies`` holds, add ``weight`` or take ``action``."""

    id: str
    applies: Callable[[RiskFeatures], bool]
    reason: str
    weight: int = 0
    action: Literal["block", "score"] = "score"


@dataclass(frozen=True)
class Decision:
    """The guardian's verdict on one payment."""

    score: int
    level: RiskLevel
    reasons: tuple[str, ...]
    hits: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    Rule(
        id="over_cap",
        applies=lambda f: f.amount > f.per_payment_cap,
        reason="the amount is over the per-payment limit",
        action="block",
    ),
    Rule(
        id="new_recipient",
        applies=lambda f: f.new_recipient,
        reason="you have not paid this person before",
        weight=20,
    ),
    Rule(
        id="large_share_of_balance",
        applies=lambda f: f.share_of_balance > Decimal("0.5"),
        reason="it is more than half of your balance",
        weight=25,
    ),
    Rule(
        id="whole_balance",
        applies=lambda f: f.share_of_balance >= Decimal("0.9"),
        reason="it would nearly empty your wallet",
        weight=15,
    ),
)


def band(score: int) -> RiskLevel:
    """Map a 0–100 score to its band."""
    if score >= BLOCK_AT:
        return RiskLevel.BLOCK
    if score >= STEP_UP_AT:
        return RiskLevel.STEP_UP
    return RiskLevel.ALLOW


def evaluate(features: RiskFeatures, rules: tuple[Rule, ...] = RULES) -> Decision:
    """Run block rules first, then sum the weights of the rules that apply."""
    for rule in rules:
        if rule.action == "block" and rule.applies(features):
            return Decision(100, RiskLevel.BLOCK, (rule.reason,), (rule.id,))
    hits = [rule for rule in rules if rule.action == "score" and rule.applies(features)]
    score = min(100, sum(rule.weight for rule in hits))
    return Decision(
        score=score,
        level=band(score),
        reasons=tuple(rule.reason for rule in hits),
        hits=tuple(rule.id for rule in hits),
    )
