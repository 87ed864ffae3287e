"""The guardian's deterministic core: features, rules as data, a 0–100 score and a band."""

from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache
from typing import Protocol

from core.entities import RiskLevel
from core.rules import RuleSet, read_ruleset
from core.rules.conditions import FeatureValue
from core.rules.loader import Action, Rule

STEP_UP_AT = 40
BLOCK_AT = 75
_ZERO = Decimal(0)


@dataclass(frozen=True)
class RiskFeatures:
    """The facts a decision is based on, stored with it (money in the payment's asset)."""

    amount: Decimal
    asset: str
    available_balance: Decimal
    new_recipient: bool
    per_payment_cap: Decimal  # the lower of the product cap and the payer's own limit
    per_day_limit: Decimal | None = None
    per_recipient_day_limit: Decimal | None = None
    spent_day: Decimal = _ZERO  # succeeded outgoing payments in the last 24 hours
    sent_to_payee_day: Decimal = _ZERO
    count_hour: int = 0
    sum_hour: Decimal = _ZERO
    count_day: int = 0
    history_count: int = 0  # succeeded payments the median is taken over
    median_amount: Decimal | None = None
    recurring: bool = False
    min_interval_seconds: int | None = None  # shortest gap between the next runs
    runs_next_30d: int = 1
    committed_30d: Decimal = _ZERO  # other standing mandates' runs in the next 30 days
    local_hour: int | None = None  # the payer's wall-clock hour when asked
    payee_allowed: bool = False
    payee_denied: bool = False
    parse_confidence: Decimal = Decimal(1)

    @property
    def share_of_balance(self) -> Decimal:
        """The amount as a fraction of what the payer has available."""
        if self.available_balance <= 0:
            return Decimal(1)
        return self.amount / self.available_balance

    def derived(self) -> dict[str, FeatureValue]:
        """Features computed from the stored ones."""
        median = self.median_amount
        return {
            "share_of_balance": round(self.share_of_balance, 4),
            "amount_vs_median": round(self.amount / median, 4) if median else None,
            "spent_day_after": self.spent_day + self.amount,
            "sent_to_payee_day_after": self.sent_to_payee_day + self.amount,
            "per_day_limit_half": self.per_day_limit / 2 if self.per_day_limit else None,
            "projected_balance": self.available_balance
            - self.committed_30d
            - self.amount * self.runs_next_30d,
        }

    def values(self) -> dict[str, FeatureValue]:
        """Every named feature a rule may look at."""
        stored = {name: getattr(self, name) for name in _FIELDS}  # asdict deep-copies: slow
        return {**stored, **self.derived()}

    def as_record(self) -> dict[str, str | int | bool | None]:
        """A JSON-friendly copy for the assessment record."""
        return {
            key: str(value) if isinstance(value, Decimal) else value
            for key, value in self.values().items()
        }


_FIELDS = tuple(f.name for f in fields(RiskFeatures))
FEATURE_NAMES = frozenset(_FIELDS) | frozenset(
    RiskFeatures(_ZERO, "USDC", _ZERO, False, _ZERO).derived()
)


@dataclass(frozen=True)
class Decision:
    """The guardian's verdict on one payment."""

    score: int
    level: RiskLevel
    reasons: tuple[str, ...]
    hits: tuple[str, ...]
    hard: bool = False  # a block rule fired: no review can let it through
    ruleset_version: str = ""


class RiskAdvisor(Protocol):
    """Writes a short opinion on a decision (an LLM); it never changes the decision."""

    async def opinion(self, features: RiskFeatures, decision: Decision) -> str | None: ...


@cache
def default_ruleset() -> RuleSet:
    """The rule set shipped with the package."""
    return read_ruleset(FEATURE_NAMES)


def load_ruleset(path: str | None) -> RuleSet:
    """The rule set at ``path`` (validated against the feature names), or the default."""
    return read_ruleset(FEATURE_NAMES, path) if path else default_ruleset()


def band(score: int) -> RiskLevel:
    """Map a 0–100 score to its band."""
    if score >= BLOCK_AT:
        return RiskLevel.BLOCK
    if score >= STEP_UP_AT:
        return RiskLevel.STEP_UP
    return RiskLevel.ALLOW


def evaluate(features: RiskFeatures, ruleset: RuleSet | None = None) -> Decision:
    """Block rules, then review rules, then the allow-list, then the weights summed."""
    rules = ruleset or default_ruleset()
    values = features.values()
    version = rules.version

    def hits(action: Action) -> list[Rule]:
        return [rule for rule in rules.of(action) if rule.test(values)]

    blocked = hits("block")
    if blocked:
        return Decision(
            100,
            RiskLevel.BLOCK,
            tuple(r.reason for r in blocked),
            tuple(r.id for r in blocked),
            hard=True,
            ruleset_version=version,
        )
    review, allowed, weighted = hits("review"), hits("allow"), hits("score")
    if allowed and not review:
        return Decision(0, RiskLevel.ALLOW, (allowed[0].reason,), (allowed[0].id,), False, version)
    score = min(100, sum(rule.weight for rule in weighted))
    if review:
        score = max(score, BLOCK_AT)  # a review rule always reaches an operator
    found = review + weighted
    return Decision(
        score=score,
        level=band(score),
        reasons=tuple(r.reason for r in found),
        hits=tuple(r.id for r in found),
        ruleset_version=version,
    )
