"""Callback data for inline buttons: compact, ≤ 64 bytes, parsed strictly."""

import re
from dataclasses import dataclass
from typing import Literal

from core.intent import IntentKind
from core.paging import LIST_CODES, MAX_PAGE, ListKind

MAX_CALLBACK_BYTES = 64
_WHO = re.compile(r"^who:([0-9a-f]{32})$")
_PAY = re.compile(r"^pay:(ok|no):([0-9a-f]{32}):([0-9a-f]{10})$")
# pg:<list>:<owner telegram id>:<page>; no leading zeros, so each page has exactly one spelling.
_PAGE = re.compile(r"^pg:([a-z]{3}):([1-9][0-9]{0,15}):(0|[1-9][0-9]{0,3})$")
_KINDS: dict[str, ListKind] = {code: kind for kind, code in LIST_CODES.items()}
# sg:<intent code>:<telegram id of the person it was offered to>
_SUGGESTION = re.compile(r"^sg:(bal|upc|his|pay|hlp):([1-9][0-9]{0,15})$")
SUGGESTION_CODES: dict[IntentKind, str] = {
    "balance": "bal",
    "upcoming": "upc",
    "history": "his",
    "pay": "pay",
    "help": "hlp",
}
_SUGGESTED: dict[str, IntentKind] = {code: kind for kind, code in SUGGESTION_CODES.items()}


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
    match = _PAY.fullmatch(data or "")
    if match is None:
        return None
    action: Literal["ok", "no"] = "ok" if match.group(1) == "ok" else "no"
    return PayAnswer(action, match.group(2), match.group(3))


def encode_payee_choice(contact_id: str) -> str:
    """Callback data for a 'which one do you mean?' button."""
    data = f"who:{contact_id}"
    assert _WHO.fullmatch(data)
    return data


def parse_payee_choice(data: str | None) -> str | None:
    """The chosen contact id, or None for anything malformed."""
    match = _WHO.fullmatch(data or "")
    return match.group(1) if match else None


@dataclass(frozen=True)
class PageTap:
    """A tap on ‹ Prev or Next › under a paged list that belongs to ``owner``."""

    kind: ListKind
    owner: int
    page: int

    def encode(self) -> str:
        """The callback_data string."""
        data = f"pg:{LIST_CODES[self.kind]}:{self.owner}:{self.page}"
        assert _PAGE.fullmatch(data) and len(data.encode()) <= MAX_CALLBACK_BYTES
        return data


def parse_page_tap(data: str | None) -> PageTap | None:
    """The tap's meaning, or None for anything malformed, unknown or out of range."""
    match = _PAGE.fullmatch(data or "")  # `$` would let a trailing newline through
    if match is None or match.group(1) not in _KINDS:
        return None
    page = int(match.group(3))
    return PageTap(_KINDS[match.group(1)], int(match.group(2)), page) if page <= MAX_PAGE else None


@dataclass(frozen=True)
class SuggestionTap:
    """A tap on one of the buttons offered for a message that was not understood."""

    kind: IntentKind
    owner: int

    def encode(self) -> str:
        """The callback_data string."""
        data = f"sg:{SUGGESTION_CODES[self.kind]}:{self.owner}"
        assert _SUGGESTION.fullmatch(data) and len(data.encode()) <= MAX_CALLBACK_BYTES
        return data


def parse_suggestion_tap(data: str | None) -> SuggestionTap | None:
    """The tap's meaning, or None for anything malformed or unknown."""
    match = _SUGGESTION.fullmatch(data or "")
    return SuggestionTap(_SUGGESTED[match.group(1)], int(match.group(2))) if match else None
