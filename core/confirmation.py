"""Confirmation binding: a button is tied to exactly what the user was shown."""

import hashlib
from decimal import Decimal

from core.schedule import Schedule

HASH_LENGTH = 10  # hex characters; keeps callback data well under Telegram's 64 bytes


def details_hash(
    payer_id: str,
    payee_id: str,
    amount: Decimal,
    asset: str,
    schedule: Schedule,
    max_runs: int | None = None,
    total_budget: Decimal | None = None,
) -> str:
    """A short digest of payer, payee, amount, asset, schedule and mandate limits as shown."""
    canonical = "|".join(
        (payer_id, payee_id, format(amount.normalize(), "f"), asset, schedule.describe_key())
    )
    if max_runs is not None or total_budget is not None:  # old hashes stay valid without them
        budget = format(total_budget.normalize(), "f") if total_budget is not None else ""
        canonical += f"|{max_runs or ''}|{budget}"
    return hashlib.sha256(canonical.encode()).hexdigest()[:HASH_LENGTH]


def run_idempotency_key(payment_id: str, scheduled_at_iso: str) -> str:
    """The run key ``hash(payment_id, scheduled_at)``: equal runs collide in the UNIQUE index."""
    return hashlib.sha256(f"{payment_id}|{scheduled_at_iso}".encode()).hexdigest()[:32]
