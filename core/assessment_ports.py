"""The assessment aggregate's port: stored guardian assessments and the pre-run checks' reads."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from core.entities import Account, Payment, RiskAssessment, RiskLevel, User
from core.limits import UserLimits
from core.payment_ports import Spend


@dataclass(frozen=True)
class GuardianSnapshot:
    """Everything the pre-run checks read for a batch of runs, fetched in a few queries."""

    users: dict[str, User]
    wallets: dict[tuple[str, str], tuple[Account, Decimal]]  # (user, asset) → wallet, available
    limits: dict[str, UserLimits]
    succeeded: dict[str, list[Spend]]  # payer → succeeded runs, newest first
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
        self, payer_ids: set[str], user_ids: set[str], payment_ids: set[str]
    ) -> GuardianSnapshot:
        """The pre-run checks' reads for many runs at once (users and wallets of ``user_ids``)."""
        ...
