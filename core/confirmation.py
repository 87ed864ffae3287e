"""Confirmation binding: a button is tied to exactly what the user was shown."""

import hashlib
from decimal import Decimal

from core.schedule import Schedule

HASH_LENGTH = 10  # hex characters; keeps callback data well under Telegram's 64 bytes


def details_hash(
    payer_id: str, payee_id: str, amount: Decimal, asset: str, schedule: Schedule
) -> str:
    """A short digest of payer, payee, amount, asset and schedule as shown on the card."""
    canonical = "|".join(
        (payer_id, payee_id, format(amount.normalize(), "f"), asset, schedule.describe_key())
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:HASH_LENGTH]


def run_idempotency_key(payment_id: str, scheduled_at_iso: str) -> str:
    """The run key ``hash(payment_id, scheduled_at)``: equal runs collide in the UNIQUE index."""
    return hashlib.sha256(f"{payment_id}|{scheduled_at_iso}".encode()).hexdigest()[:32]
