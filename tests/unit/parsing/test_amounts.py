"""Amounts and assets: forms the product accepts, and schedule numbers that are not amounts."""

from decimal import Decimal

import pytest

from core.intent import IntentContext
from core.parsing import parse_intent
from core.parsing.amounts import extract_money


@pytest.mark.parametrize(
    ("text", "amount", "asset"),
    [
        ("pay bob 120", "120", None),
        ("pay bob 120.50 usdc", "120.50", "USDC"),
        ("send mom 1,250.75 usdc", "1250.75", "USDC"),
        ("send $20 to priya", "20", "USD"),
        ("pay @frankm €15", "15", "EUR"),
        ("£7.50 to frank", "7.50", "GBP"),
        ("send ₹500 to priya", "500", "INR"),
        ("pay dave rs 200", "200", "INR"),
        ("pay dave rs. 200", "200", "INR"),
        ("pay erin 1.5k", "1500", None),
        ("usdc 75 to alice", "75", "USDC"),
        ("send 75 rupees to priya", "75", "INR"),
        ("send 30 euros to frank", "30", "EUR"),
        ("send 12.345678 usdc", "12.345678", "USDC"),
        ("give bob twenty usdc", "20", "USDC"),
        ("a hundred usdc to carol", "100", "USDC"),
        ("give bob twenty-five", "25", None),
    ],
)
def test_amount_and_asset_forms_are_read(text: str, amount: str, asset: str | None) -> None:
    money = extract_money(text)
    assert money.amount == Decimal(amount)
    assert money.asset == asset


def test_digits_inside_a_handle_are_never_an_amount() -> None:
    assert extract_money("pay user2 now").amount is None


def test_asset_named_apart_from_the_number_still_counts() -> None:
    assert extract_money("send 20 to bob in euros").asset == "EUR"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("pay bob 50 usdc every 2 weeks", "50"),
        ("pay alice 3 every 4 hours", "3"),
        ("pay erin 20 every Wednesday at 3pm", "20"),
        ("pay mom 500 on the 1st of every month", "500"),
        ("pay bob 20 usdc every month on the 31st", "20"),
        ("pay carol 300 every Friday, 4 times", "300"),
        ("pay priya 10 usdc every day for 5 days", "10"),
        ("in 10 minutes send priya 10 usdc", "10"),
        ("on March 20 transfer 45 usdc to frank", "45"),
    ],
)
def test_schedule_numbers_are_never_the_amount(ctx: IntentContext, text: str, amount: str) -> None:
    assert parse_intent(text, ctx).amount == Decimal(amount)


def test_no_asset_named_falls_back_to_the_default_asset(ctx: IntentContext) -> None:
    intent = parse_intent("pay bob 20", ctx)
    assert intent.asset == "USDC"


def test_missing_amount_is_reported_not_invented(ctx: IntentContext) -> None:
    intent = parse_intent("pay alice", ctx)
    assert intent.kind == "pay"
    assert intent.amount is None
    assert "amount" in intent.missing


def test_number_words_inside_a_contact_name_are_not_an_amount(ctx: IntentContext) -> None:
    intent = parse_intent("pay user two twenty usdc", ctx)
    assert (intent.recipient, intent.amount) == ("user2", Decimal(20))
