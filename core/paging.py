"""Pages of long lists and texts kept within a chat's limits: pure arithmetic, no I/O."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

MAX_TEXT = 4096  # Telegram's limit for one message's text
PAGE_SIZE = 5
MAX_PAGE = 9999  # page numbers travel in callback data; four digits bound its size

# The lists a chat can page through; each has a short code in callback data.
ListKind = Literal["payments", "incidents"]
LIST_CODES: dict[ListKind, str] = {"payments": "pay", "incidents": "inc"}


@dataclass(frozen=True)
class Page:
    """Which slice of a list one page shows (numbers are 0-based)."""

    number: int
    count: int
    total: int
    size: int

    @property
    def start(self) -> int:
        """Index of the first item on this page."""
        return self.number * self.size

    @property
    def stop(self) -> int:
        """Index one past the last item on this page."""
        return min(self.start + self.size, self.total)

    @property
    def has_prev(self) -> bool:
        """A page before this one exists."""
        return self.number > 0

    @property
    def has_next(self) -> bool:
        """A page after this one exists."""
        return self.number + 1 < self.count

    def label(self) -> str:
        """'page 2 of 6' (1-based for people), or '' when everything fits one page."""
        return f"page {self.number + 1} of {self.count}" if self.count > 1 else ""


def page_of(total: int, requested: int, size: int = PAGE_SIZE) -> Page:
    """The page to show; a number past the end (the list shrank) shows the last page."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    count = max(1, -(-max(total, 0) // size))
    return Page(min(max(requested, 0), count - 1), count, max(total, 0), size)


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters, marked with an ellipsis when cut."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fit(header: str, lines: Sequence[str], limit: int = MAX_TEXT) -> str:
    """Header and as many whole lines as fit in ``limit``, then how many were left out."""
    text = clip(header, limit)
    for n, line in enumerate(lines):
        later = len(lines) - n - 1
        reserve = len(_more(later)) + 1 if later else 0  # room to say what is left out
        if len(text) + 1 + len(line) + reserve <= limit:
            text += "\n" + line
            continue
        return clip(text + "\n" + _more(len(lines) - n), limit)
    return text


def _more(count: int) -> str:
    return f"… and {count} more"
