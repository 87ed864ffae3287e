"""Robustness: any text parses without raising, and amounts always come from the text."""

import random
import re

import pytest

from core.intent import IntentContext
from core.parsing import parse_intent
from core.parsing.parser import _parse

_SALAD = (
    "pay send to every other friday 31st the of month 2.5k $ € ₹ rs usdc bob alice mom @x "
    "tomorrow at 3pm 99999999999 for 9999 years 0 times in 5 minutes cancel all history ü ’ "
    "\u0130 ﬁ １２ 2026-02-30 13/45 25:00 twenty-five a hundred"
)
_WORDS = _SALAD.split()


def test_random_word_salad_never_raises(ctx: IntentContext) -> None:
    rnd = random.Random(7)
    for _ in range(1500):
        text = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(0, 14)))
        intent = _parse(text, ctx)  # the unguarded path: a bug here must fail the test
        if not re.search(r"\d|twenty|hundred", text):
            assert intent.amount is None, text


@pytest.mark.parametrize(
    "text", ["", " ", "\x00", "🙂" * 300, "1" * 5000, "every " * 2000, "pay " * 1000 + "bob 20"]
)
def test_odd_inputs_never_raise(ctx: IntentContext, text: str) -> None:
    _parse(text, ctx)


def test_amount_is_never_invented(ctx: IntentContext) -> None:
    for text in (
        "pay bob",
        "pay bob every friday",
        "send alice money tomorrow at 3pm",
        "pay mom on the 31st of every month for 6 months",
    ):
        assert parse_intent(text, ctx).amount is None
