"""What each payer was told: every bot message the soak's payers saw, when, and which payment's
card it was; from that, what people heard during each fault and which answers were lies."""

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.sandbox.chat import Message, body

NOTHING_MOVED = re.compile(r"nothing (moved|was paid)", re.IGNORECASE)
AFTER_FAULT_SECONDS = 10.0  # answers delayed by a fault arrive shortly after it: count them too

# First match wins: a message's kind, by how it begins (or what it says).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("processing", re.compile(r"^Processing:")),
    ("paid", re.compile(r"^Paid ")),
    ("received", re.compile(r"^You received")),
    ("scheduled", re.compile(r"^Scheduled:")),
    ("payee not told", re.compile(r"could not\s+tell them")),
    ("failed", re.compile(r"^Failed:")),
    ("missed", re.compile(r"^Missed:")),
    ("skipped", re.compile(r"^Skipped:")),
    ("denied", re.compile(r"^(Denied:|An operator declined)")),
    ("again?", re.compile(r"^Again\?")),
    ("card", re.compile(r"^Pay .+\?")),
    ("step-up", re.compile(r"^One more step")),
    ("not understood", re.compile(r"^I didn't understand")),
    ("expired", re.compile(r"confirmation expired")),
    ("review", re.compile(r"operator's review")),
    ("error", re.compile(r"^Something went wrong")),
    ("nothing moved", NOTHING_MOVED),
)


def kind(text: str) -> str:
    """What sort of message ``text`` is ("paid", "processing", "error", ...; "other")."""
    return next((name for name, pattern in KINDS if pattern.search(text)), "other")


@dataclass(frozen=True)
class Seen:
    """One bot message (or edit of one) as a payer saw it."""

    at: float  # the driver's loop clock
    life: int  # message ids start again with each service life
    payer: int
    message_id: int
    text: str


@dataclass(frozen=True)
class Card:
    """A confirmation card: the payment it confirms and what it said ("12.50 USDC to Soak003")."""

    payment: str
    kind: str  # "one-off" or "recurring"
    what: str


@dataclass
class Transcript:
    """Every message the payers saw, and the cards among them."""

    seen: list[Seen] = field(default_factory=list)
    cards: dict[tuple[int, int, int], Card] = field(default_factory=dict)
    _last: dict[tuple[int, int, int], str] = field(default_factory=dict, repr=False)

    def saw(self, at: float, life: int, payer: int, messages: list[Message]) -> None:
        """Keep what a payer's chat just showed: each new message, each change of its text."""
        for m in messages:
            key, text = (life, payer, int(m["message_id"])), body(m)
            if self._last.get(key) != text:  # a tap's toast or a dropped button is no news
                self._last[key] = text
                self.seen.append(Seen(at, *key, text))

    def write(self, path: Path) -> None:
        """Every message seen, one JSON object a line, for reading after the soak."""
        lines = (json.dumps(asdict(s), ensure_ascii=False) for s in self.seen)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def card(self, life: int, payer: int, message: Message, card: Card) -> None:
        """``message`` is the card confirming ``card.payment``; its later edits answer it."""
        self.cards[(life, payer, int(message["message_id"]))] = card

    def between(self, began: float, ended: float) -> Counter[str]:
        """Kinds of message seen from ``began`` until a little after ``ended``."""
        last = ended + AFTER_FAULT_SECONDS
        return Counter(kind(s.text) for s in self.seen if began <= s.at <= last)

    def lies(self, charged: set[str]) -> list[str]:
        """Every "nothing moved" told about a payment whose first run a gateway charged (the run
        a card answers for: a series' later runs may be paid after an honest first failure)."""
        found = []
        for s in self.seen:
            if not NOTHING_MOVED.search(s.text):
                continue
            about = self._about(s)
            if about and all(card.payment in charged for card in about):
                ids = ", ".join(card.payment[:12] for card in about)
                found.append(f"payer {s.payer} was told {s.text[:80]!r} but {ids} was charged")
        return found

    def _about(self, seen: Seen) -> list[Card]:
        """The payment(s) a message may be about: its card's, else the payer's one-offs it names."""
        own = self.cards.get((seen.life, seen.payer, seen.message_id))
        if own is not None:
            return [own]
        first = seen.text.split("\n")[0]
        return [
            card
            for (_, payer, _), card in self.cards.items()
            if payer == seen.payer and card.kind == "one-off" and card.what in first
        ]
