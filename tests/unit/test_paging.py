"""Page arithmetic, text fitting, and callback data parsed to one spelling."""

import pytest

from bot.telegram.callbacks import (
    MAX_CALLBACK_BYTES,
    PageTap,
    PayAnswer,
    encode_payee_choice,
    parse_page_tap,
    parse_pay_answer,
    parse_payee_choice,
)
from bot.telegram.guardian_callbacks import ReviewAnswer, parse_review
from bot.telegram.ops_callbacks import incident_button, parse_incident
from bot.telegram.series import CancelSeries, parse_cancel
from core.paging import MAX_PAGE, MAX_TEXT, clip, fit, page_of


def test_thirty_items_make_six_pages_of_five() -> None:
    first, last = page_of(30, 0), page_of(30, 5)
    assert (first.count, first.start, first.stop, first.has_prev, first.has_next) == (
        6,
        0,
        5,
        False,
        True,
    )
    assert (last.start, last.stop, last.has_prev, last.has_next) == (25, 30, True, False)
    assert first.label() == "page 1 of 6"


def test_a_partial_last_page_stops_at_the_end() -> None:
    page = page_of(12, 2)
    assert (page.start, page.stop, page.count) == (10, 12, 3)


def test_a_page_past_the_end_shows_the_last_page_and_negative_the_first() -> None:
    assert page_of(12, 99).number == 2
    assert page_of(12, -3).number == 0


def test_an_empty_or_one_page_list_has_no_buttons_or_label() -> None:
    for total in (0, 1, 5):
        page = page_of(total, 0)
        assert (page.count, page.has_prev, page.has_next, page.label()) == (1, False, False, "")


def test_a_page_size_below_one_is_a_bug() -> None:
    with pytest.raises(ValueError):
        page_of(3, 0, size=0)


def test_clip_keeps_short_text_and_marks_cut_text() -> None:
    assert clip("short", 10) == "short"
    cut = clip("x" * 5000)
    assert len(cut) == MAX_TEXT and cut.endswith("…")


def test_fit_keeps_whole_lines_and_says_how_many_were_left_out() -> None:
    lines = [f"line {n:03d} " + "y" * 90 for n in range(100)]
    text = fit("Header:", lines)
    assert len(text) <= MAX_TEXT
    kept = [line for line in text.splitlines() if line.startswith("line ")]
    assert all(line in lines for line in kept) and 0 < len(kept) < 100
    assert text.splitlines()[-1] == f"… and {100 - len(kept)} more"


def test_fit_returns_everything_when_it_fits() -> None:
    assert fit("H:", ["a", "b"]) == "H:\na\nb"


def test_fit_never_exceeds_the_limit_even_with_a_huge_header() -> None:
    assert len(fit("h" * 9000, ["a"] * 3)) <= MAX_TEXT
    assert len(fit("h" * 50, ["a" * 60], limit=64)) <= 64


def test_page_taps_round_trip_within_64_bytes() -> None:
    for tap in (PageTap("payments", 7001, 0), PageTap("incidents", 10**15, MAX_PAGE)):
        data = tap.encode()
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        assert parse_page_tap(data) == tap


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "pg:pay:7001",
        "pg:xyz:7001:1",  # an unknown list
        "pg:pay:7001:01",  # a second spelling of page 1
        "pg:pay:07001:1",
        "pg:pay:-7001:1",
        "pg:pay:7001:-1",
        "pg:pay:7001:10000",  # past the largest page
        "pg:pay:7001:1:extra",
        "pg:pay:7001:1\n",
        "PG:pay:7001:1",
    ],
)
def test_malformed_or_mutated_page_taps_are_refused(data: str | None) -> None:
    assert parse_page_tap(data) is None


def test_every_callback_parser_refuses_a_trailing_newline() -> None:
    ref, digest = "ab" * 16, "0123456789"
    cases = [
        (parse_pay_answer, PayAnswer("ok", ref, digest).encode()),
        (parse_payee_choice, encode_payee_choice(ref)),
        (parse_review, ReviewAnswer("ok", ref, digest).encode()),
        (parse_incident, incident_button("ack", ref)),
        (parse_cancel, CancelSeries(ref).encode()),
        (parse_page_tap, PageTap("payments", 7001, 1).encode()),
    ]
    for parse, data in cases:
        assert parse(data) is not None, data  # the genuine data is accepted...
        assert parse(data + "\n") is None, data  # ...and one spelling only
