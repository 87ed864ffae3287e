"""Amount and asset extraction: "$20", "1,250.75 usdc", "rs 200", "2.5k", "fifty"."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.parsing.numbers import WORDS_RE, words_to_int
from core.parsing.text import fold

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
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# The asset may sit before ("$20", "usdc 75", "rs 200") or after ("20 usdc", "15€") the number;
# a bare number must stand alone so "user2" or "u2" never yields an amount.
_AMOUNT = re.compile(
    rf"(?:(?P<psym>[$€£₹])\s?|\b(?P<pcode>usdc|usd|eur|gbp|inr|rs\.?)\s?|(?<![\w.,$€£₹]))"
    rf"(?P<num>{_NUM})"
    rf"(?:(?P<k>\s?k)(?![a-z\d])|(?=\s|$|[^\w.,]|[.,](?!\d)|(?:{_SUFFIX_CODE})(?![a-z])))"
    rf"(?:\s?(?P<ssym>[$€£₹])|\s?(?P<scode>{_SUFFIX_CODE})(?![a-z]))?"
)
_WORD_AMOUNT = re.compile(
    rf"(?:(?P<psym>[$€£₹])\s?)?\b(?P<words>{WORDS_RE})\b(?:\s(?P<scode>{_SUFFIX_CODE})(?![a-z]))?"
)
_ANY_ASSET = re.compile(rf"[$€£₹]|\b(?:{_SUFFIX_CODE})(?![a-z])|\brs\.")


@dataclass(frozen=True)
class Money:
    """What the text says about money: amount (or None), asset (or None) and spans used."""

    amount: Decimal | None
    asset: str | None
    spans: tuple[tuple[int, int], ...] = ()


def _asset_of(*names: str | None) -> str | None:
    """The asset code for the first symbol or word given."""
    for name in names:
        if name:
            return SYMBOLS.get(name) or WORDS.get(name.strip())
    return None


def _tidy(value: Decimal) -> Decimal:
    """Drop a meaningless fractional part created by scaling ("2.5k" → 2500)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _digit_amounts(text: str) -> list[tuple[Decimal, str | None, tuple[int, int]]]:
    """Every numeric amount in ``text`` with its attached asset, if any."""
    found = []
    for m in _AMOUNT.finditer(text):
        try:
            value = Decimal(m["num"].replace(",", ""))
        except InvalidOperation:
            continue
        if m["k"]:
            value = _tidy(value * 1000)
        asset = _asset_of(m["psym"], m["pcode"], m["ssym"], m["scode"])
        found.append((value, asset, m.span()))
    return found


def _word_amounts(text: str) -> list[tuple[Decimal, str | None, tuple[int, int]]]:
    """Amounts written in words; a lone "one"/"a" counts only with an asset beside it."""
    found = []
    for m in _WORD_AMOUNT.finditer(text):
        value = words_to_int(m["words"])
        asset = _asset_of(m["psym"], m["scode"])
        if value is None or (value <= 1 and asset is None):
            continue
        found.append((Decimal(value), asset, m.span()))
    return found


def extract_money(text: str) -> Money:
    """Pick the payment amount: one with an asset beside it first, else the first number."""
    candidates = _digit_amounts(text) or _word_amounts(text)
    if not candidates:
        stray = _ANY_ASSET.search(text)
        asset = _asset_of(stray.group()) if stray else None
        return Money(None, asset, (stray.span(),) if stray else ())
    with_asset = [c for c in candidates if c[1] is not None]
    value, asset, span = (with_asset or candidates)[0]
    spans = [span]
    if asset is None:  # "send 20 to bob in euros": the asset may stand apart from the number
        rest = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
        stray = _ANY_ASSET.search(rest)
        if stray:
            asset = _asset_of(stray.group())
            spans.append(stray.span())
    return Money(value, asset, tuple(spans))


def amounts_in(text: str) -> set[Decimal]:
    """Every amount the text writes, in digits or words (for grounding a model's answer)."""
    folded = fold(text)
    return {value for value, _, _ in _digit_amounts(folded) + _word_amounts(folded)}


def assets_in(text: str) -> set[str]:
    """Every asset the text names by code, symbol or word."""
    found = (_asset_of(m.group()) for m in _ANY_ASSET.finditer(fold(text)))
    return {asset for asset in found if asset}
