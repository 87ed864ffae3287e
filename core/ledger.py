"""Double-entry posting rules: every journal sums to zero per asset."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from core.entities import Entry, Journal


class UnbalancedJournal(ValueError):
    """A journal whose entries do not sum to zero per asset (a bug, never user input)."""


def imbalance(entries: Iterable[Entry]) -> dict[str, Decimal]:
    """Per-asset sums that are not zero; empty when the entries balance."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        totals[entry.asset] += entry.amount
    return {asset: total for asset, total in totals.items() if total != 0}


def transfer(
    *,
    journal_id: str,
    key: str,
    kind: str,
    source_account: str,
    target_account: str,
    asset: str,
    amount: Decimal,
    at: datetime,
    run_id: str | None = None,
) -> Journal:
    """A two-leg journal moving ``amount`` from source to target."""
    if amount <= 0:
        raise UnbalancedJournal("a transfer moves a positive amount")
    entries = (
        Entry(account_id=source_account, asset=asset, amount=-amount),
        Entry(account_id=target_account, asset=asset, amount=amount),
    )
    return Journal(id=journal_id, key=key, kind=kind, entries=entries, created_at=at, run_id=run_id)


def assert_balanced(journal: Journal) -> None:
    """Raise UnbalancedJournal unless ``journal`` sums to zero per asset."""
    off = imbalance(journal.entries)
    if off or len(journal.entries) < 2:
        raise UnbalancedJournal(f"journal {journal.key} does not balance: {off}")
