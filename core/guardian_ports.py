"""Ports for the guardian, limits and the validator (implemented in storage)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities import Account, Payment, RiskLevel, User
from core.limits import UserLimits


@dataclass(frozen=True)
class Spend:
    """One succeeded outgoing payment run."""

    payment_id: str
    payee_id: str
    amount: Decimal
    asset: str
    at: datetime


class LimitRepository(Protocol):
    """Per-user limits; absent rows mean the defaults apply."""

    async def get(self, user_id: str) -> UserLimits: ...
    async def put(self, user_id: str, limits: UserLimits) -> None: ...


@dataclass(frozen=True)
class GuardianSnapshot:
    """Everything the pre-run checks read for a batch of runs, fetched in a few queries."""

    users: dict[str, User]
    wallets: dict[tuple[str, str], tuple[Account, Decimal]]  # (user, asset) → wallet, available
    limits: dict[str, UserLimits]
    succeeded: dict[str, list[Spend]]  # payer → succeeded runs, newest first
    mandates: dict[str, list[Payment]]  # payer → scheduled recurring payments
    approved: dict[str, RiskLevel]  # payment → the band approved at confirmation


class GuardianRepository(Protocol):
    """The payer's history and the payment moves the guardian flows need."""

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs of the payer's payments executed at or after ``since``."""
        ...

    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]:
        """Amounts of the payer's last ``limit`` succeeded runs in ``asset``."""
        ...

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """The payer's scheduled recurring payments."""
        ...

    async def snapshot(
        self, payer_ids: set[str], user_ids: set[str], payment_ids: set[str]
    ) -> GuardianSnapshot:
        """The pre-run checks' reads for many runs at once (users and wallets of ``user_ids``)."""
        ...

    async def usage(self, payment_id: str) -> tuple[int, Decimal]:
        """How many runs of the payment succeeded, and how much they moved."""
        ...

    async def awaiting_second_step(self, payer_id: str) -> Sequence[Payment]:
        """The payer's payments waiting for the typed amount, newest first."""
        ...

    async def reopen(self, payment_id: str, expires_at: datetime) -> bool:
        """Compare-and-set awaiting_review → awaiting_confirmation with a fresh expiry."""
        ...


class AuditRepository(Protocol):
    """Whole-ledger reads for the validator."""

    async def wallets(self) -> Sequence[Account]: ...
    async def assessed_run_ids(self) -> set[str]: ...
