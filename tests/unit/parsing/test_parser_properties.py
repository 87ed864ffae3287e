"""Parser properties over generated text: it never raises and never invents money."""

import itertools
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.intent import IntentContext
from core.parsing.amounts import amounts_in
from core.parsing.parser import _parse
from tests.unit.parsing.conftest import CONTACTS, NOW

CTX = IntentContext(now=NOW, timezone="Europe/Berlin", default_asset="USDC", contacts=CONTACTS)
_VOCAB = [
    "pay",
    "send",
    "give",
    "to",
    "for",
    "every",
    "each",
    "other",
    "friday",
    "monday",
    "31st",
    "the",
    "of",
    "month",
    "week",
    "day",
    "year",
    "tomorrow",
    "tonight",
    "at",
    "noon",
    "3pm",
    "09:30",
    "in",
    "minutes",
    "hours",
    "times",
    "at",
    "most",
    "up",
    "to",
    "total",
    "cancel",
    "balance",
    "history",
    "payments",
    "k",
    "$",
    "€",
    "£",
    "₹",
    "rs",
    "usdc",
    "eur",
    "gbp",
    "inr",
    "dollars",
    "bucks",
    "twenty",
    "five",
    "hundred",
    "thousand",
    "and",
    "a",
    "half",
    ",",
    ".",
    "-",
    "/",
    "bob",
    "alice",
    "mom",
    "u2",
    "user2",
    "@bjones",
    "priya",
]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3).map(str),
    st.from_regex(r"\d{1,3}(,\d{3}){1,3}(\.\d{1,2})?", fullmatch=True),
)
tokens = st.one_of(st.sampled_from(_VOCAB), numbers, st.text(max_size=6))
messages = st.one_of(
    st.lists(tokens, max_size=14).map(" ".join),
    st.text(max_size=120),
)


@given(messages)
def test_any_text_parses_without_raising_and_every_amount_is_written_in_it(text: str) -> None:
    intent = _parse(text, CTX)  # the unguarded path: a crash here must fail the test
    written = amounts_in(text)
    for value in (intent.amount, intent.total_budget):
        assert value is None or value in written, (text, value)


@given(messages)
def test_a_parsed_schedule_never_starts_in_the_past(text: str) -> None:
    schedule = _parse(text, CTX).schedule
    if schedule is not None:
        assert schedule.first_run >= NOW - timedelta(seconds=1), (text, schedule)
        runs = schedule.runs(5)
        assert all(a < b for a, b in itertools.pairwise(runs)), (text, runs)


@given(st.text(alphabet=st.characters(exclude_categories=("Nd",)), max_size=80))
def test_text_without_any_digit_or_number_word_has_no_amount(text: str) -> None:
    if not amounts_in(text):
        assert _parse(text, CTX).amount is None, text
