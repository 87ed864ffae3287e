"""Amount and asset extraction: "$20", "1,250.75 usdc", "rs 200", "2.5k", "fifty"."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from core.parsing.number_shapes import labels_something, unreadable_numbers
from core.parsing.numbers import WORDS_RE, words_to_int
from core.parsing.text import blank, fold

SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR"}
WORDS: dict[str, str] = {
    "usdc": "USDC",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "buck": "USD",
    "bucks": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "rupee": "INR",
    "rupees": "INR",
}
_SUFFIX_CODE = r"usdc|usd|dollars?|bucks?|eur|euros?|gbp|pounds?|quid|inr|rupees?|rs"
# Thousands grouped by commas or single spaces ("1,250.75", "25 000"), or plain digits.
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# The asset may sit before ("$20", "usdc 75", "rs 200") or after ("20 usdc", "15€") the number;
# a bare number must stand alone so "user2" or "u2" never yields an amount.
_AMOUNT = re.compile(
    rf"(?:(?P<psym>[$€£₹])\s?|\b(?P<pcode>usdc|usd|eur|gbp|inr|rs\.?)\s?|(?<![\w.,$€£₹]))"
    rf"(?P<num>{_NUM})"
    rf"(?:\s(?P<scale>{'|'.join(_SCALE)})(?![a-z])|(?P<k>\s?k)(?![a-z\d])"
    rf"|(?=\s|$|[^\w.,]|[.,](?!\d)|(?:{_SUFFIX_CODE})(?![a-z])))"
    rf"(?:\s?(?P<ssym>[$€£₹])|\s?(?P<scode>{_SUFFIX_CODE})(?![a-z]))?"
)
_WORD_AMOUNT = re.compile(
    rf"(?:(?P<psym>[$€£₹])\s?)?\b(?P<words>{WORDS_RE})\b(?:\s(?P<scode>{_SUFFIX_CODE})(?![a-z]))?"
)
_ANY_ASSET = re.compile(rf"[$€£₹]|\b(?:{_SUFFIX_CODE})(?![a-z])|\brs\.")


@dataclass(frozen=True)
class Money:
    """What the text says about money: amount (or None), asset (or None) and spans used.

    ``doubts`` are the numbers as written when the amount was left empty on purpose.
    """

    amount: Decimal | None
    asset: str | None
    spans: tuple[tuple[int, int], ...] = ()
    doubts: tuple[str, ...] = ()


class Candidate(NamedTuple):
    """One number that could be the amount."""

    value: Decimal
    asset: str | None
    span: tuple[int, int]
    written: str


def _asset_of(*names: str | None) -> str | None:
    """The asset code for the first symbol or word given."""
    for name in names:
        if name:
            return SYMBOLS.get(name) or WORDS.get(name.strip())
    return None


def _tidy(value: Decimal) -> Decimal:
    """Drop a meaningless fractional part created by scaling ("2.5k" → 2500)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _digit_amounts(text: str) -> list[Candidate]:
    """Every numeric amount in ``text`` with its attached asset, if any."""
    found = []
    for m in _AMOUNT.finditer(text):
        try:
            value = Decimal(re.sub("[, ]", "", m["num"]))
        except InvalidOperation:
            continue
        if m["k"] or m["scale"]:
            value = _tidy(value * (_SCALE[m["scale"]] if m["scale"] else 1000))
        asset = _asset_of(m["psym"], m["pcode"], m["ssym"], m["scode"])
        written = m["num"] + (f" {m['scale']}" if m["scale"] else "k" if m["k"] else "")
        found.append(Candidate(value, asset, m.span(), written))
    return found


def _word_amounts(text: str) -> list[Candidate]:
    """Amounts written in words; a lone "one"/"a" counts only with an asset beside it."""
    found = []
    for m in _WORD_AMOUNT.finditer(text):
        value = words_to_int(m["words"])
        asset = _asset_of(m["psym"], m["scode"])
        if value is None or (value <= 1 and asset is None):
            continue
        found.append(Candidate(Decimal(value), asset, m.span(), m["words"]))
    return found


def _candidates(text: str) -> list[Candidate]:
    """Numbers that could be the amount: digits first, else words; labels are left out."""
    for reader in (_digit_amounts, _word_amounts):
        found = [c for c in reader(text) if not labels_something(text, c.span, c.asset is not None)]
        if found:
            return found
    return []


Spans = list[tuple[int, int]]


def _stray_asset(text: str, used: Spans) -> tuple[str | None, Spans]:
    """An asset named apart from any number ("send 20 to bob in euros"), with its span."""
    stray = _ANY_ASSET.search(blank(text, used))
    return (_asset_of(stray.group()), [stray.span()]) if stray else (None, [])


def extract_money(text: str) -> Money:
    """The payment amount when the text states exactly one plainly; else None and the doubts."""
    odd = unreadable_numbers(text)
    candidates = _candidates(blank(text, [span for _, span in odd]))
    spans = [span for _, span in odd] + [c.span for c in candidates]
    asset = next((c.asset for c in candidates if c.asset), None)
    if asset is None:
        asset, extra = _stray_asset(text, spans)
        spans += extra
    if odd or len(candidates) > 1:  # "5²", "30 or 40", "6 6": ask rather than guess
        doubts = tuple(dict.fromkeys([w for w, _ in odd] + [c.written for c in candidates]))
        return Money(None, asset, tuple(spans), doubts)
    return Money(candidates[0].value if candidates else None, asset, tuple(spans))


def amounts_in(text: str) -> set[Decimal]:
    """Every amount the text writes, in digits or words (for grounding a model's answer)."""
    folded = fold(text)
    return {c.value for c in _digit_amounts(folded) + _word_amounts(folded)}


def assets_in(text: str) -> set[str]:
    """Every asset the text names by code, symbol or word."""
    found = (_asset_of(m.group()) for m in _ANY_ASSET.finditer(fold(text)))
    return {asset for asset in found if asset}
