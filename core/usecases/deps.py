"""What every use case needs, handed in by the composition root."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Protocol

from core.gateways import PaymentRail
from core.guardian import Decision, RiskFeatures
from core.ports import Clock, IdSource, IntentInterpreter, UnitOfWorkFactory
from core.schedule import Schedule


@dataclass(frozen=True)
class Policy:
    """Product settings the rules depend on."""

    sandbox: bool = True
    sandbox_credit: Decimal = Decimal(1000)
    default_asset: str = "USDC"
    per_payment_cap: Decimal = Decimal(10_000)
    confirm_ttl: timedelta = timedelta(minutes=15)
    default_timezone: str = "UTC"
    misfire_grace: timedelta = timedelta(hours=1)  # a run found later than this is missed
    run_lease: timedelta = timedelta(minutes=2)  # an executing run older than this is recovered
    tick_batch: int = 200  # runs claimed and settled per transaction


@dataclass(frozen=True)
class RiskRequest:
    """A payment the guardian is asked about."""

    payer_id: str
    payee_id: str
    amount: Decimal
    asset: str
    schedule: Schedule


@dataclass(frozen=True)
class Assessed:
    """The guardian's answer: the features it used and its decision."""

    features: RiskFeatures
    decision: Decision
    opinion: str | None = None  # an LLM's written view; never changes the decision


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
