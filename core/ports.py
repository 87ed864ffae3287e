"""Ports: the small protocols outer layers implement for the use cases."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from core.entities import Account, AccountKind, Journal, Payment, RiskAssessment, Run, User
from core.guardian_ports import AuditRepository, GuardianRepository, LimitRepository
from core.intent import Intent, IntentContext
from core.queue_ports import Outbox, RunQueue
from core.states import PaymentStatus, RunStatus


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


class UserRepository(Protocol):
    """Users by id, Telegram id, or all (for payee resolution); users are never removed."""

    async def add(self, user: User) -> None: ...
    async def get(self, user_id: str) -> User | None: ...
    async def by_telegram_id(self, telegram_id: int) -> User | None: ...
    async def all(self) -> Sequence[User]: ...
    async def count(self) -> int: ...


class AccountRepository(Protocol):
    """Ledger accounts and their cached balances (the entries stay the truth)."""

    async def add(self, account: Account) -> None: ...
    async def wallet(self, user_id: str, asset: str) -> Account | None: ...
    async def system(self, kind: AccountKind, asset: str) -> Account | None: ...
    async def balance(self, account_id: str) -> Decimal: ...
    async def wallet_funds(self, user_id: str, asset: str) -> tuple[Decimal, Decimal] | None:
        """The wallet's balance and available funds in one read; None without a wallet."""
        ...

    async def available(self, account_id: str) -> Decimal:
        """Balance minus funds reserved for runs in flight."""
        ...

    async def reserve(self, account_id: str, amount: Decimal) -> bool:
        """Reserve ``amount`` if available covers it; False (and nothing changed) otherwise."""
        ...

    async def release(self, account_id: str, amount: Decimal) -> None: ...


class LedgerRepository(Protocol):
    """Posts balanced journals, at most one per key."""

    async def post(self, journal: Journal) -> bool:
        """Post ``journal``; False if a journal with its key already exists.

        Raises InsufficientFunds if a wallet would go negative (nothing is written then).
        """
        ...

    async def journals(self) -> Sequence[Journal]: ...
    async def entries_balance(self, account_id: str) -> Decimal:
        """Sum of the account's entries: the ledger truth."""
        ...


class PaymentRepository(Protocol):
    """Payments, with compare-and-set status changes."""

    async def add(self, payment: Payment) -> None: ...
    async def get(self, payment_id: str) -> Payment | None: ...
    async def transition(
        self, payment_id: str, expected: PaymentStatus, target: PaymentStatus
    ) -> bool:
        """Move to ``target`` only if still ``expected``; True if this call moved it."""
        ...

    async def expired_before(self, moment: datetime, asked_before: datetime) -> Sequence[Payment]:
        """Confirmations whose deadline is before ``moment``, and reviews asked for before
        ``asked_before``."""
        ...

    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool:
        """True if ``payer_id`` has a completed payment to ``payee_id``."""
        ...

    async def of_payer(
        self, payer_id: str, statuses: Sequence[PaymentStatus], limit: int
    ) -> Sequence[Payment]:
        """The payer's payments in the given states, newest first."""
        ...


class RunRepository(Protocol):
    """Runs, unique per idempotency key, with compare-and-set status changes."""

    async def add(self, run: Run) -> None: ...
    async def get(self, run_id: str) -> Run | None: ...
    async def for_payment(self, payment_id: str) -> Sequence[Run]: ...
    async def due(self, moment: datetime, limit: int) -> Sequence[Run]: ...
    async def all_executed(self) -> Sequence[Run]: ...
    async def finished_for_payer(
        self, payer_id: str, payee_id: str | None, limit: int
    ) -> Sequence[tuple[Run, Payment]]:
        """The payer's succeeded or failed runs (optionally to one payee), newest first."""
        ...

    async def transition(
        self,
        run_id: str,
        expected: RunStatus,
        target: RunStatus,
        *,
        gateway: str | None = None,
        error: str | None = None,
        executed_at: datetime | None = None,
    ) -> bool:
        """Move to ``target`` only if still ``expected``; True if this call moved it."""
        ...


class RiskRepository(Protocol):
    """Stored guardian assessments."""

    async def add(self, assessment: RiskAssessment) -> None: ...
    async def add_many(self, assessments: Sequence[RiskAssessment]) -> None: ...
    async def for_payment(self, payment_id: str) -> Sequence[RiskAssessment]: ...


class UnitOfWork(Protocol):
    """One transaction over all repositories; leaving without commit rolls back."""

    # Read-only properties so implementations may narrow the repository types.
    @property
    def users(self) -> UserRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def ledger(self) -> LedgerRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def runs(self) -> RunRepository: ...
    @property
    def risk(self) -> RiskRepository: ...
    @property
    def limits(self) -> LimitRepository: ...
    @property
    def guardian(self) -> GuardianRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def queue(self) -> RunQueue: ...
    @property
    def outbox(self) -> Outbox: ...

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
