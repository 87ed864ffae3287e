"""The payment aggregate's port: payments (mandates), their runs as a work queue, their history."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities import Payment, Run
from core.states import PaymentStatus, RunStatus


@dataclass(frozen=True)
class RunOutcome:
    """How a claimed run ended: its final status and what the gateway said."""

    run_id: str
    target: RunStatus
    gateway: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Spend:
    """One succeeded outgoing payment run."""

    payment_id: str
    payee_id: str
    amount: Decimal
    asset: str
    at: datetime


class PaymentRepository(Protocol):
    """Payments and their runs; every status change is a compare-and-set.

    Runs are unique per idempotency key. Several workers may claim at once: each run is
    returned to exactly one of them.
    """

    # The payments.
    async def add(self, payment: Payment) -> None: ...
    async def get(self, payment_id: str) -> Payment | None: ...
    async def many(self, payment_ids: Collection[str]) -> dict[str, Payment]:
        """Payments by id, in one read."""
        ...

    async def transition(
        self, payment_id: str, expected: PaymentStatus, target: PaymentStatus
    ) -> bool:
        """Move to ``target`` only if still ``expected``; True if this call moved it."""
        ...

    async def reopen(self, payment_id: str, expires_at: datetime) -> bool:
        """Compare-and-set awaiting_review → awaiting_confirmation with a fresh expiry."""
        ...

    async def close(self, payment_ids: Collection[str], target: PaymentStatus) -> None:
        """Scheduled payments → ``target`` (compare-and-set on each)."""
        ...

    async def expired_before(self, moment: datetime, asked_before: datetime) -> Sequence[Payment]:
        """Confirmations whose deadline is before ``moment``, and reviews asked for before
        ``asked_before``."""
        ...

    async def of_payer(
        self, payer_id: str, statuses: Sequence[PaymentStatus], limit: int
    ) -> Sequence[Payment]:
        """The payer's payments in the given states, newest first."""
        ...

    async def awaiting_second_step(self, payer_id: str) -> Sequence[Payment]:
        """The payer's payments waiting for the typed amount, newest first."""
        ...

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """The payer's scheduled recurring payments."""
        ...

    # Their runs as a work queue.
    async def add_runs(self, runs: Sequence[Run]) -> None:
        """Insert runs; a run whose idempotency key exists already is ignored."""
        ...

    async def claim(
        self, now: datetime, limit: int, run_ids: Collection[str] | None = None
    ) -> Sequence[Run]:
        """Due runs (of scheduled payments) due by ``now`` → executing; the ones this call moved."""
        ...

    async def mark_missed(self, before: datetime, limit: int) -> Sequence[Run]:
        """Due runs of scheduled payments due before ``before`` → missed; the ones moved."""
        ...

    async def reclaim_abandoned(
        self, stale_before: datetime, now: datetime, limit: int
    ) -> Sequence[Run]:
        """Executing runs claimed before ``stale_before`` (their worker died), re-claimed now."""
        ...

    async def finish(
        self, outcomes: Sequence[RunOutcome], executed_at: datetime, expected: RunStatus
    ) -> set[str]:
        """Move each run from ``expected`` to its target; the ids this call moved."""
        ...

    async def cancel_due(self, payment_id: str) -> int:
        """Due runs of a payment → cancelled; how many."""
        ...

    async def unfinished(self, payment_ids: Collection[str]) -> set[str]:
        """Payment ids that still have a due or executing run."""
        ...

    # Their history.
    async def runs_of(self, payment_id: str) -> Sequence[Run]:
        """A payment's runs in schedule order."""
        ...

    async def upcoming(self, payer_id: str, limit: int) -> Sequence[tuple[Run, Payment]]:
        """The payer's next due runs of scheduled payments, soonest first."""
        ...

    async def finished_for_payer(
        self, payer_id: str, payee_id: str | None, limit: int
    ) -> Sequence[tuple[Run, Payment]]:
        """The payer's succeeded or failed runs (optionally to one payee), newest first."""
        ...

    async def succeeded_runs(self) -> Sequence[Run]:
        """Every succeeded run (for the validator)."""
        ...

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs of the payer's payments executed at or after ``since``."""
        ...
