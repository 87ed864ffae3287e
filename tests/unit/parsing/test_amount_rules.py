"""The README's amount rules: scale words and grouped thousands are read, labels are left alone,
and anything that does not state one amount plainly leaves the amount empty (the bot asks)."""

from decimal import Decimal

import pytest

from agents.intent.nodes import normalise
from core.conversation.clarify import question_for, without_doubts
from core.intent import IntentContext
from core.parsing import parse_intent
from core.parsing.amounts import extract_money
from core.parsing.number_shapes import labels_something, unreadable_numbers
from core.parsing.text import compatible


def parsed(text: str, ctx: IntentContext):  # type: ignore[no-untyped-def]
    """The parse as the product runs it: normalised first, as the intent graph does."""
    return parse_intent(normalise({"text": text})["normalised"], ctx)  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("wire carol 3 hundred usdc", "300"),
        ("pay dave 2.5 thousand", "2500"),
        ("send bob 3.5 million rupees", "3500000"),
        ("send mom a million usdc", "1000000"),
        ("pay erin six thousand euros", "6000"),
        ("transfer 25 000 usdc to frank", "25000"),
        ("send priya 1 250 000 inr", "1250000"),
    ],
)
def test_scale_words_and_space_grouped_thousands_are_read(
    ctx: IntentContext, text: str, amount: str
) -> None:
    assert parsed(text, ctx).amount == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("pay bob 8 usdc for 2 pizzas", "8"),
        ("send alice 30 usdc for the 4 movie tickets", "30"),
        ("pay dave 15 for table 12", "15"),
        ("on the 25th pay frank 700 euros for invoice 3318", "700"),
        ("pay erin 40 usdc for order #5521", "40"),
    ],
)
def test_numbers_that_label_something_else_are_not_the_amount(
    ctx: IntentContext, text: str, amount: str
) -> None:
    assert parsed(text, ctx).amount == Decimal(amount)


def test_an_ordinal_after_a_possessive_is_not_a_day_of_the_month(ctx: IntentContext) -> None:
    intent = parsed("send frank 20 eur for his 21st", ctx)
    assert intent.schedule is not None and intent.schedule.first_run == ctx.now
    assert intent.amount == Decimal(20)


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("pay bob 8 or 9", ("8", "9")),
        ("pay bob 8 usdc 9 usdc", ("8", "9")),
        ("pay bob 6 6", ("6",)),
        ("send bob either 30 or 40 euros on friday", ("30", "40")),
        ("pay @carold 4³ usdc", ("4³",)),
        ("send erin 2¾ euros", ("2¾",)),
        ("pay bob ¾ usdc", ("¾",)),
        ("every monday send dave 3e3 usdc", ("3e3",)),
        ("pay bob -5 usdc", ("-5",)),
        ("send alice ₹४2 now", ("४2",)),
    ],
)
def test_an_amount_not_stated_plainly_is_left_empty_with_what_was_seen(
    ctx: IntentContext, text: str, seen: tuple[str, ...]
) -> None:
    intent = parsed(text, ctx)
    assert intent.kind == "pay"
    assert intent.amount is None and "amount" in intent.missing
    assert intent.amount_doubts == seen


def test_digits_of_one_other_script_are_read() -> None:
    assert extract_money("pay bob ٤٠ usdc").amount == Decimal(40)


def test_superscripts_and_fractions_survive_normalisation() -> None:
    assert compatible("pay ｂｏｂ 5² and 7½") == "pay bob 5² and 7½"


def test_digits_inside_words_and_handles_are_not_unreadable_numbers() -> None:
    assert unreadable_numbers("pay user2 every-5-seconds, ref a2e4") == []


def test_a_label_word_before_a_number_makes_it_a_label() -> None:
    text = "pay bob 5 for invoice 77"
    assert labels_something(text, (text.index("77"), len(text)), has_asset=False)
    assert not labels_something(text, (8, 9), has_asset=False)


def test_the_amount_question_says_what_was_seen(ctx: IntentContext) -> None:
    question = question_for(parsed("pay bob 7 or 9 usdc", ctx), ctx)
    assert question is not None
    assert question.question == "I saw 7 and 9 — how much should I send to “Bob Jones”?"


def test_the_unclear_numbers_leave_the_remembered_command() -> None:
    assert without_doubts("pay bob 7 or 9 usdc", ("7", "9")).split() == ["pay", "bob", "or", "usdc"]
