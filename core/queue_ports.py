"""Ports for the scheduler: batch run claiming and settling, and the notification outbox."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities import Account, Journal, Payment, Run, User
from core.notices import Notice, Queued
from core.states import PaymentStatus, RunStatus


@dataclass(frozen=True)
class RunOutcome:
    """How a claimed run ended: its final status and what the gateway said."""

    run_id: str
    target: RunStatus
    gateway: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Hold:
    """Funds to reserve on a wallet for one run."""

    run_id: str
    account_id: str
    amount: Decimal
    asset: str


class RunQueue(Protocol):
    """Runs as a work queue: every status change is a compare-and-set over a batch."""

    async def mark_missed(self, before: datetime, limit: int) -> Sequence[Run]:
        """Due runs of scheduled payments due before ``before`` → missed; the ones moved."""
        ...

    async def claim(
        self, now: datetime, limit: int, run_ids: Collection[str] | None = None
    ) -> Sequence[Run]:
        """Due runs (of scheduled payments) due by ``now`` → executing; the ones this call moved.

        Several workers may claim at once: each run is returned to exactly one of them.
        """
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

    async def add(self, runs: Sequence[Run]) -> None:
        """Insert runs; a run whose idempotency key exists already is ignored."""
        ...

    async def cancel_due(self, payment_id: str) -> int:
        """Due runs of a payment → cancelled; how many."""
        ...

    async def unfinished(self, payment_ids: Collection[str]) -> set[str]:
        """Payment ids that still have a due or executing run."""
        ...

    async def close(self, payment_ids: Collection[str], target: PaymentStatus) -> None:
        """Scheduled payments → ``target`` (compare-and-set on each)."""
        ...

    async def upcoming(self, payer_id: str, limit: int) -> Sequence[tuple[Run, Payment]]:
        """The payer's next due runs of scheduled payments, soonest first."""
        ...

    async def payments(self, ids: Collection[str]) -> dict[str, Payment]:
        """Payments by id."""
        ...

    async def people(self, ids: Collection[str]) -> dict[str, User]:
        """Users by id."""
        ...

    async def wallets(self, owners: Collection[tuple[str, str]]) -> dict[tuple[str, str], Account]:
        """Wallets by (owner id, asset)."""
        ...

    async def reserve(self, holds: Sequence[Hold]) -> set[str]:
        """Reserve each hold if its wallet's available balance covers it; the run ids held."""
        ...

    async def post(self, journals: Sequence[Journal], releases: Mapping[str, Decimal]) -> None:
        """Post journals whose debits are covered by reservations, releasing those reservations.

        ``releases`` maps account id → amount to release (a failed run releases without posting).
        """
        ...


class Outbox(Protocol):
    """Notifications written in the same transaction as what they report."""

    async def add(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue notices; a key queued before is ignored."""
        ...

    async def lease(self, now: datetime, until: datetime, limit: int) -> Sequence[Queued]:
        """Unsent notices not leased by another worker, leased to this one until ``until``."""
        ...

    async def mark_sent(self, ids: Collection[int], at: datetime) -> None:
        """Record delivery."""
        ...
