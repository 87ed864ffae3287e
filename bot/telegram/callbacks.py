"""Callback data for inline buttons: compact, ≤ 64 bytes, parsed strictly."""

import re
from dataclasses import dataclass
from typing import Literal

MAX_CALLBACK_BYTES = 64
_WHO = re.compile(r"^who:([0-9a-f]{32})$")
_PAY = re.compile(r"^pay:(ok|no):([0-9a-f]{32}):([0-9a-f]{10})$")


@dataclass(frozen=True)
class PayAnswer:
    """A tap on a confirmation card's Confirm or Deny button."""

    action: Literal["ok", "no"]
    payment_id: str
    details_hash: str

    def encode(self) -> str:
        """The callback_data string."""
        data = f"pay:{self.action}:{self.payment_id}:{self.details_hash}"
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        return data


def parse_pay_answer(data: str | None) -> PayAnswer | None:
    """The tap's meaning, or None for anything malformed or forged."""
    match = _PAY.match(data or "")
    if match is None:
        return None
    action: Literal["ok", "no"] = "ok" if match.group(1) == "ok" else "no"
    return PayAnswer(action, match.group(2), match.group(3))


def encode_payee_choice(contact_id: str) -> str:
    """Callback data for a 'which one do you mean?' button."""
    data = f"who:{contact_id}"
    assert _WHO.match(data)
    return data


def parse_payee_choice(data: str | None) -> str | None:
    """The chosen contact id, or None for anything malformed."""
    match = _WHO.match(data or "")
    return match.group(1) if match else None
