"""Ledger history for charts: a wallet's balance over time and spending by recipient."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from core.errors import DomainError

WINDOWS = {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7)}
DEFAULT_WINDOW = "24h"


def window(name: str | None) -> tuple[str, timedelta]:
    """A chart window by name (1h, 24h, 7d); a plain sentence for anything else."""
    key = (name or DEFAULT_WINDOW).lower()
    if key not in WINDOWS:
        raise DomainError(f"Pick a time window of {', '.join(WINDOWS)}.")
    return key, WINDOWS[key]


@dataclass(frozen=True)
class BalanceSeries:
    """The balance at ``since`` and every change after it, oldest first."""

    asset: str
    opening: Decimal
    changes: Sequence[tuple[datetime, Decimal]]
    opened_before: bool = True  # False: the wallet's first movement is inside the window

    @property
    def starts_at(self) -> datetime | None:
        """When the wallet's history starts inside the window, else None (it predates it)."""
        return None if self.opened_before or not self.changes else self.changes[0][0]

    def change(self) -> Decimal:
        """How the balance moved over the window, from where it stood when the window began."""
        # A wallet opened inside the window began at its first balance (the opening credit),
        # so a new user's -10 payment after a 1,000 credit is -10, not +990.
        running = self.opening + sum((delta for _, delta in self.changes), Decimal(0))
        start = self.opening
        if self.starts_at is not None:
            start += self.changes[0][1]  # the first movement opened the wallet
        return running - start

    def points(self, since: datetime, until: datetime) -> list[tuple[datetime, Decimal]]:
        """Running balance as steps from ``since`` to ``until``."""
        running = self.opening
        points = [(since, running)]
        for moment, delta in self.changes:
            running += delta
            points.append((moment, running))
        points.append((until, running))
        return points


@dataclass(frozen=True)
class Spend:
    """Money paid to one recipient in a window."""

    payee: str
    amount: Decimal
    payments: int


class LedgerHistory(Protocol):
    """Read-only ledger queries for charts (storage implements them)."""

    async def balance_series(self, user_id: str, asset: str, since: datetime) -> BalanceSeries:
        """The user's wallet in ``asset``: balance at ``since`` and the entries after it."""
        ...

    async def spending(self, user_id: str | None, asset: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs since ``since`` summed per payee (all payers when ``user_id`` is None)."""
        ...
