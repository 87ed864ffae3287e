"""Records passed between the claim, send and settle phases."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from core.confirmation import run_idempotency_key
from core.entities import Account, Payment, Run, User
from core.gateways import GatewayResult
from core.ports import IdSource
from core.states import RunStatus

INSUFFICIENT = "insufficient funds"


@dataclass(frozen=True)
class PeopleAndWallets:
    """The people and wallets a claim read for its batch, so its settle need not read them again.

    Wallet ids never change; a name changed between claim and settle (milliseconds) shows on
    the receipt as it was at the claim.
    """

    users: Mapping[str, User]
    wallets: Mapping[tuple[str, str], Account]  # (owner, asset) → wallet


@dataclass(frozen=True)
class Claimed:
    """A run this worker holds in ``executing``, with its payment."""

    run: Run
    payment: Payment
    read_at_claim: PeopleAndWallets | None = None  # what the claim read; None: the settle reads it


@dataclass(frozen=True)
class Execution:
    """How a run ended."""

    run: Run
    payment: Payment
    succeeded: bool
    result: GatewayResult | None
    reason: str | None = None
    skipped: bool = False  # the pre-run checks refused the run; nothing was sent


def new_run(ids: IdSource, payment_id: str, scheduled_at: datetime) -> Run:
    """A due run whose key is ``hash(payment_id, scheduled_at in UTC)``."""
    at = scheduled_at.astimezone(UTC)
    return Run(
        id=ids.new_id(),
        payment_id=payment_id,
        scheduled_at=at,
        idempotency_key=run_idempotency_key(payment_id, at.isoformat()),
        status=RunStatus.DUE,
    )


@dataclass(frozen=True)
class Audience:
    """Who is told through the outbox about a settled run."""

    payer: bool = True  # False where the door shows the payer the outcome itself (an edited card)
    payee: bool = True


EVERYONE = Audience()
PAYEE_ONLY = Audience(payer=False)
