"""What every use case needs, handed in by the composition root."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from core.directory import ContactDirectory
from core.facts import Facts, Topic
from core.gateways import PaymentRail
from core.limits import UserLimits
from core.pending import ClarificationStore, InMemoryClarifications
from core.ports import Clock, IdSource, IntentInterpreter, UnitOfWorkFactory
from core.rules import RuleSet
from core.rules.engine import Decision, RiskFeatures, default_ruleset
from core.schedule import Schedule


@dataclass(frozen=True)
class Policy:
    """Product settings the rules depend on."""

    sandbox: bool = True
    sandbox_credit: Decimal = Decimal(1000)
    default_asset: str = "USDC"
    per_payment_cap: Decimal = Decimal(10_000)
    confirm_ttl: timedelta = timedelta(minutes=15)
    review_ttl: timedelta = timedelta(hours=24)  # a payment no operator reviewed then expires
    default_timezone: str = "UTC"
    per_day_cap: Decimal = Decimal(20_000)
    per_recipient_day_cap: Decimal = Decimal(10_000)
    operators: tuple[int, ...] = ()  # Telegram ids that may review payments and raise limits
    rules: RuleSet = field(default_factory=default_ruleset)
    payee_allow: frozenset[str] = frozenset()  # usernames or Telegram ids, lower case
    payee_deny: frozenset[str] = frozenset()

    @property
    def default_limits(self) -> UserLimits:
        """The limits of a user who has not changed theirs."""
        return UserLimits(self.per_payment_cap, self.per_day_cap, self.per_recipient_day_cap)

    misfire_grace: timedelta = timedelta(hours=1)  # a run found later than this is missed
    run_lease: timedelta = timedelta(minutes=2)  # an executing run older than this is recovered
    tick_batch: int = 100  # runs claimed and settled per transaction


@dataclass(frozen=True)
class RiskRequest:
    """A payment the guardian is asked about."""

    payer_id: str
    payee_id: str
    amount: Decimal
    asset: str
    schedule: Schedule
    at: datetime | None = None  # when the decision is taken (for the payer's local hour)
    timezone: str = "UTC"
    parse_confidence: Decimal = Decimal(1)
    payment_id: str | None = None  # set on re-runs, so a mandate is not counted against itself


@dataclass(frozen=True)
class Assessed:
    """The guardian's answer: the features it used and its decision."""

    features: RiskFeatures
    decision: Decision
    opinion: str | None = None  # an LLM's written view; never changes the decision


class QueryAnswerer(Protocol):
    """Turns facts into a plain-sentence answer (the query agent implements this)."""

    async def answer(self, topic: Topic, facts: Facts) -> str: ...


class RiskAssessor(Protocol):
    """Scores a payment (the guardian agent implements this)."""

    async def assess(self, request: RiskRequest) -> Assessed: ...


@dataclass(frozen=True)
class Deps:
    """Ports and policy for the use cases."""

    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdSource
    interpreter: IntentInterpreter
    guardian: RiskAssessor
    rail: PaymentRail
    policy: Policy
    answerer: QueryAnswerer | None = None  # None: template answers
    clarifications: ClarificationStore = field(default_factory=InMemoryClarifications)
    directory: ContactDirectory = field(default_factory=ContactDirectory)
