"""The assessment aggregate's port: stored guardian assessments and the pre-run checks' reads."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities import Account, Payment, RiskAssessment, RiskLevel, User
from core.limits import UserLimits
from core.payment_ports import Spend


@dataclass(frozen=True)
class HistoryWindow:
    """Which of a payer's succeeded runs the features read: never the whole history.

    Every run at or after ``since`` and, whatever their age, the ``newest`` most recent ones,
    in the asset asked about.
    """

    since: datetime
    newest: int


def listing_keys(telegram_id: int | None, username: str | None) -> frozenset[str]:
    """How allow and deny lists name a person: Telegram id and lower-cased @username."""
    keys = {str(telegram_id)} if telegram_id is not None else set()
    return frozenset(keys | ({username.lower()} if username else set()))


@dataclass(frozen=True)
class FeatureFacts:
    """What the risk features of one request are computed from."""

    available: Decimal  # the payer's available funds in the asset (zero without a wallet)
    limits: UserLimits  # the payer's own limits
    paid_before: bool  # has the payer a succeeded run to this payee?
    payee_keys: frozenset[str]  # the payee's telegram id and lower-cased @username
    recent: Sequence[Spend]  # the payer's succeeded runs in the asset in the window, newest first
    mandates: Sequence[Payment]  # the payer's scheduled recurring payments


@dataclass(frozen=True)
class GuardianSnapshot:
    """Everything the pre-run checks read for a batch of runs, fetched in a few queries."""

    users: dict[str, User]
    wallets: dict[tuple[str, str], tuple[Account, Decimal]]  # (user, asset) → wallet, available
    limits: dict[str, UserLimits]
    recent: dict[tuple[str, str], list[Spend]]  # (payer, asset) → runs in the window, newest first
    paid: set[tuple[str, str]]  # (payer, payee) pairs of the batch with a succeeded run
    runs_done: dict[str, int]  # succeeded runs of each batch payment limited by count or budget
    mandates: dict[str, list[Payment]]  # payer → scheduled recurring payments
    approved: dict[str, RiskLevel]  # payment → the band approved at confirmation


class AssessmentRepository(Protocol):
    """Guardian assessments, stored with their inputs, and what re-assessing a batch reads."""

    async def add_many(self, assessments: Sequence[RiskAssessment]) -> None:
        """Store assessments (one statement for a batch)."""
        ...

    async def for_payment(self, payment_id: str) -> Sequence[RiskAssessment]:
        """A payment's assessments, oldest first."""
        ...

    async def assessed_run_ids(self) -> set[str]:
        """Runs that have at least one stored assessment (for the validator)."""
        ...

    async def snapshot(
        self, payments: Sequence[Payment], user_ids: set[str], window: HistoryWindow
    ) -> GuardianSnapshot:
        """The pre-run checks' reads for many payments (users and wallets of ``user_ids``)."""
        ...

    async def feature_facts(
        self, payer_id: str, payee_id: str, asset: str, window: HistoryWindow
    ) -> FeatureFacts:
        """The reads of one request's risk features, in as few queries as they allow."""
        ...
