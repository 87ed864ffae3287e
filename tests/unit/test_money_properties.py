"""Money properties: exact minor-unit round trips, validation that means what it says."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidAmount
from core.money import (
    ASSET_DECIMALS,
    format_amount,
    from_minor_units,
    to_decimal,
    to_minor_units,
    validate_amount,
)

CAP = Decimal(10_000)
assets = st.sampled_from(sorted(ASSET_DECIMALS))
finite = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)


@st.composite
def payable(draw: st.DrawFn) -> tuple[Decimal, str]:
    """A positive amount of an asset with no more places than the asset allows, up to CAP."""
    asset = draw(assets)
    units = draw(st.integers(min_value=1, max_value=int(CAP) * 10 ** ASSET_DECIMALS[asset]))
    return from_minor_units(units, asset), asset


@given(st.integers(min_value=0, max_value=10**15), assets)
def test_minor_units_round_trip_exactly(units: int, asset: str) -> None:
    assert to_minor_units(from_minor_units(units, asset), asset) == units


@given(payable())
def test_every_payable_amount_validates_and_converts_exactly(case: tuple[Decimal, str]) -> None:
    amount, asset = case
    assert validate_amount(amount, asset, CAP) == amount
    assert from_minor_units(to_minor_units(amount, asset), asset) == amount


@given(finite, assets)
def test_validation_accepts_only_positive_amounts_within_places_and_cap(
    amount: Decimal, asset: str
) -> None:
    places_ok = amount == amount.quantize(Decimal(1).scaleb(-ASSET_DECIMALS[asset]))
    should_pass = 0 < amount <= CAP and places_ok
    try:
        validate_amount(amount, asset, CAP)
    except InvalidAmount:
        assert not should_pass, amount
    else:
        assert should_pass, amount
        to_minor_units(amount, asset)  # what validation accepts, storage can hold


@given(payable())
def test_formatting_shows_the_amount_to_the_asset_precision(case: tuple[Decimal, str]) -> None:
    amount, asset = case
    text = format_amount(amount, asset)
    assert text.endswith(f" {asset}")
    shown = Decimal(text.removesuffix(f" {asset}").replace(",", ""))
    assert shown == amount  # nothing rounded away: payable amounts fit the asset's places


@given(st.text(max_size=40))
def test_parsing_any_text_gives_a_finite_number_or_a_plain_refusal(text: str) -> None:
    try:
        value = to_decimal(text)
    except InvalidAmount as refusal:
        assert refusal.message
    else:
        assert value.is_finite()


@given(finite)
def test_a_written_decimal_parses_back_to_itself(amount: Decimal) -> None:
    assert to_decimal(str(amount)) == amount
    assert to_decimal(f"{amount:,f}") == amount  # thousands separators are only grouping


@pytest.mark.parametrize(
    "text", ["NaN", "inf", "-Infinity", "sNaN", "1e", "", "1,5", "12,34", "1,2,3", ",100"]
)
def test_non_numbers_and_decimal_commas_are_refused(text: str) -> None:
    with pytest.raises(InvalidAmount):
        to_decimal(text)
