"""Ports: the clock, ids, the unit of work over one repository per aggregate, the outbox."""

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from core.assessment_ports import AssessmentRepository
from core.audit import AuditLog
from core.intent import Intent, IntentContext
from core.notices import Notice, Queued
from core.payment_ports import PaymentRepository
from core.user_ports import UserRepository
from core.wallet_ports import WalletRepository


class Clock(Protocol):
    """The only source of 'now' (timezone-aware, UTC)."""

    def now(self) -> datetime:
        """Return the current instant."""
        ...


class IdSource(Protocol):
    """Makes new unique ids."""

    def new_id(self) -> str:
        """Return a fresh id (32 hex characters)."""
        ...


class Outbox(Protocol):
    """Notifications written in the same transaction as what they report."""

    async def add(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue notices; a key queued before is ignored."""
        ...

    async def lease(self, now: datetime, until: datetime, limit: int) -> Sequence[Queued]:
        """Unsent notices not leased by another worker, leased to this one until ``until``."""
        ...

    async def mark_sent(self, item: Queued, at: datetime) -> bool:
        """Record delivery, only while this sender's lease holds; False when it had lapsed."""
        ...

    async def give_up(self, item: Queued, at: datetime) -> bool:
        """End a notice that can never arrive and mark its chat's person unreachable."""
        ...


class UnitOfWork(Protocol):
    """One transaction over all repositories; leaving without commit rolls back."""

    # One repository per aggregate; read-only properties so implementations may narrow them.
    @property
    def users(self) -> UserRepository: ...
    @property
    def wallets(self) -> WalletRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def assessments(self) -> AssessmentRepository: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def audit(self) -> AuditLog: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens a fresh unit of work; a read-only one may not commit and never blocks readers."""

    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...


class IntentInterpreter(Protocol):
    """Turns a chat message into an Intent (the intent agent implements this)."""

    async def interpret(self, text: str, context: IntentContext) -> Intent: ...
