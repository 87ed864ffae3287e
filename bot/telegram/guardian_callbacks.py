"""Callback data for the guardian's buttons: operator review and stopping a series."""

import re
from dataclasses import dataclass
from typing import Literal

from bot.telegram.callbacks import MAX_CALLBACK_BYTES

_REVIEW = re.compile(r"^rev:(ok|no):([0-9a-f]{32}):([0-9a-f]{10})$")


@dataclass(frozen=True)
class ReviewAnswer:
    """An operator's Approve or Reject on a review message."""

    action: Literal["ok", "no"]
    payment_id: str
    details_hash: str

    def encode(self) -> str:
        """The callback_data string."""
        data = f"rev:{self.action}:{self.payment_id}:{self.details_hash}"
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        return data


def parse_review(data: str | None) -> ReviewAnswer | None:
    """The review tap, or None for anything malformed."""
    match = _REVIEW.fullmatch(data or "")
    if match is None:
        return None
    action: Literal["ok", "no"] = "ok" if match.group(1) == "ok" else "no"
    return ReviewAnswer(action, match.group(2), match.group(3))
