"""Money rules: Decimal amounts, per-asset precision, and validation with plain reasons."""

import re
from decimal import Decimal, InvalidOperation

from core.errors import InvalidAmount, UnknownAsset

# Decimal places each asset may carry; the product's single source of truth.
ASSET_DECIMALS: dict[str, int] = {"USDC": 6, "USD": 2, "EUR": 2, "GBP": 2, "INR": 2}


def decimals_of(asset: str) -> int:
    """Return how many decimal places ``asset`` allows, or raise UnknownAsset."""
    try:
        return ASSET_DECIMALS[asset]
    except KeyError:
        known = ", ".join(sorted(ASSET_DECIMALS))
        raise UnknownAsset(f"I don't support {asset}; I can move {known}.") from None


# Commas only as thousands separators: "1,5" is one and a half in much of the world, and
# reading it as 15 would raise a limit tenfold.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Parse ``value`` as a Decimal, rejecting anything that is not a finite number."""
    text = str(value).strip()
    if "," in text and not _GROUPED.fullmatch(text):
        raise InvalidAmount(f"{value!r} is not a number I can pay; use a dot for decimals.")
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise InvalidAmount(f"{value!r} is not a number I can pay.") from None
    if not amount.is_finite():
        raise InvalidAmount("The amount must be a finite number.")
    return amount


def validate_amount(amount: Decimal, asset: str, cap: Decimal | None = None) -> Decimal:
    """Return ``amount`` if it is a payable amount of ``asset``; raise with the broken rule."""
    places = decimals_of(asset)
    if not amount.is_finite():
        raise InvalidAmount("The amount must be a finite number.")
    if amount <= 0:
        raise InvalidAmount("The amount must be greater than zero.")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise InvalidAmount(f"{asset} amounts can have at most {places} decimal places.")
    if cap is not None and amount > cap:
        raise InvalidAmount(f"That is over the per-payment limit of {format_amount(cap, asset)}.")
    return amount


def to_minor_units(amount: Decimal, asset: str) -> int:
    """Convert an amount to integer minor units (exact; storage keeps integers)."""
    scaled = amount.scaleb(decimals_of(asset))
    if scaled != scaled.to_integral_value():
        raise InvalidAmount(
            f"{asset} amounts can have at most {decimals_of(asset)} decimal places."
        )
    return int(scaled)


def from_minor_units(units: int, asset: str) -> Decimal:
    """Convert integer minor units back to a Decimal amount of ``asset``."""
    return Decimal(units).scaleb(-decimals_of(asset))


def format_amount(amount: Decimal, asset: str) -> str:
    """Render an amount with thousands separators, trimmed to what the asset shows."""
    places = decimals_of(asset)
    quantized = amount.quantize(Decimal(1).scaleb(-places))
    text = f"{quantized:,.{places}f}"
    if places > 2:  # show USDC like cash unless it really has sub-cent digits
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0").ljust(2, "0")
        text = f"{whole}.{frac}"
    return f"{text} {asset}"
