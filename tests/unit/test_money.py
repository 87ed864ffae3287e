import re
from decimal import Decimal

import pytest

from core.errors import InvalidAmount, UnknownAsset
from core.money import format_amount, from_minor_units, to_decimal, to_minor_units, validate_amount


@pytest.mark.parametrize("amount", ["0", "-5", "0.000"])
def test_zero_and_negative_amounts_are_rejected(amount: str) -> None:
    with pytest.raises(InvalidAmount, match="greater than zero"):
        validate_amount(Decimal(amount), "USDC")


def test_amount_finer_than_the_asset_allows_is_rejected_with_the_precision() -> None:
    with pytest.raises(InvalidAmount, match="at most 2 decimal places"):
        validate_amount(Decimal("1.005"), "USD")


def test_usdc_accepts_six_decimal_places() -> None:
    assert validate_amount(Decimal("12.345678"), "USDC") == Decimal("12.345678")


def test_trailing_zeros_do_not_count_as_precision() -> None:
    assert validate_amount(Decimal("10.500000000"), "USD") == Decimal("10.5")


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-inf", "abc"])
def test_non_finite_or_non_numeric_text_is_not_an_amount(text: str) -> None:
    with pytest.raises(InvalidAmount):
        validate_amount(to_decimal(text), "USDC")


def test_amount_over_the_cap_names_the_limit() -> None:
    with pytest.raises(InvalidAmount, match=re.escape("per-payment limit of 100.00 USDC")):
        validate_amount(Decimal("100.01"), "USDC", cap=Decimal(100))


def test_unknown_asset_lists_what_is_supported() -> None:
    with pytest.raises(UnknownAsset, match="EUR, GBP, INR, USD, USDC"):
        validate_amount(Decimal(1), "DOGE")


def test_minor_units_round_trip_exactly() -> None:
    assert to_minor_units(Decimal("25.5"), "USDC") == 25_500_000
    assert from_minor_units(25_500_000, "USDC") == Decimal("25.5")
    assert to_minor_units(Decimal("0.01"), "EUR") == 1


def test_formatting_uses_separators_and_trims_usdc_to_cents_when_exact() -> None:
    assert format_amount(Decimal("1250.5"), "USDC") == "1,250.50 USDC"
    assert format_amount(Decimal("0.000123"), "USDC") == "0.000123 USDC"
    assert format_amount(Decimal("7"), "GBP") == "7.00 GBP"
