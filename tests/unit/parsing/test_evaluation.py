"""The scorer: README scoring rules on a tiny hand-made line set, and the report's last lines."""

from datetime import UTC, datetime
from decimal import Decimal

from core.intent import Intent, IntentContext
from core.schedule import Schedule
from lab.evaluation.report import (
    context_from_directory,
    evaluate,
    format_report,
    load_lines,
    score,
)

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
DIRECTORY = {
    "now": "2026-03-04T10:00:00Z",
    "timezone": "UTC",
    "default_asset": "USDC",
    "contacts": [{"id": "bob", "name": "Bob Jones", "handle": "bjones", "aliases": ["bobby"]}],
}
ROWS = [
    {
        "id": "t1",
        "text": "pay bob 20",
        "tags": ["pay_now", "asset_default"],
        "expect": {
            "intent": "pay",
            "recipient": "bob",
            "amount": "20.00",
            "asset": "USDC",
            "runs": ["2026-03-04T10:00:00Z"],
        },
    },
    {
        "id": "t2",
        "text": "pay bob 20 every friday, 2 times",
        "tags": ["pay_recurring", "count"],
        "expect": {
            "intent": "pay",
            "recipient": "bob",
            "amount": "20",
            "asset": "USDC",
            "runs": ["2026-03-06T09:00:00Z", "2026-03-13T09:00:00Z"],
            "count": 2,
        },
    },
    {
        "id": "t3",
        "text": "remind me to pay bob",
        "tags": ["neg_hard"],
        "expect": {"intent_not": ["pay", "cancel"]},
    },
    {
        "id": "t4",
        "text": "cancel everything",
        "tags": ["cancel", "all"],
        "expect": {"intent": "cancel", "recipient": None, "all": True},
    },
    {
        "id": "t5",
        "text": "history with bob",
        "tags": ["history", "recipient_filter"],
        "expect": {"intent": "history", "recipient": "bob"},
    },
    {"id": "t6", "text": "balance", "tags": ["balance"], "expect": {"intent": "balance"}},
]


def once(amount: str, recipient: str | None = "bob") -> Intent:
    """An immediate pay intent."""
    return Intent(
        kind="pay", recipient=recipient, amount=Decimal(amount), schedule=Schedule.once(NOW)
    )


def fridays(count: int | None) -> Intent:
    """A weekly Friday pay intent with an optional count."""
    first = datetime(2026, 3, 6, 9, tzinfo=UTC)
    return Intent(
        kind="pay",
        recipient="bob",
        amount=Decimal(20),
        schedule=Schedule(first, "UTC", "FREQ=WEEKLY;BYDAY=FR", count),
    )


def test_all_correct_predictions_score_one_with_no_violations() -> None:
    lines = load_lines(ROWS)
    predictions = [
        once("20"),
        fridays(2),
        Intent(kind="unknown"),
        Intent(kind="cancel", cancel_all=True),
        Intent(kind="history", recipient="bob"),
        Intent(kind="balance"),
    ]
    report = score(lines, predictions)
    assert (report.passed, report.total, report.safety_violations) == (6, 6, 0)
    assert report.pay_fields["amount"] == (2, 2)


def test_amounts_compare_as_decimals_and_count_must_match() -> None:
    lines = load_lines(ROWS[:2])
    report = score(lines, [once("20.0"), fridays(None)])
    assert report.passed == 1
    assert report.pay_fields["count"] == (1, 2)
    assert report.pay_fields["runs"] == (1, 2)  # no count → three runs where two were expected
    assert [m.id for m in report.misses] == ["t2"]


def test_intent_not_line_passes_any_other_intent_and_counts_a_violation() -> None:
    lines = load_lines([ROWS[2]])
    assert score(lines, [Intent(kind="help")]).passed == 1
    bad = score(lines, [once("1")])
    assert (bad.passed, bad.safety_violations, bad.false_pay_rate) == (0, 1, 1.0)


def test_cancel_all_must_be_exact_and_history_recipient_must_match() -> None:
    lines = load_lines(ROWS[3:5])
    report = score(lines, [Intent(kind="cancel"), Intent(kind="history")])
    assert report.passed == 0
    assert report.safety_violations == 0


def test_predicting_cancel_on_a_balance_line_is_a_violation() -> None:
    report = score(load_lines([ROWS[5]]), [Intent(kind="cancel")])
    assert (report.safety_violations, report.false_cancel_rate) == (1, 1.0)


def test_per_category_and_per_tag_accuracy() -> None:
    lines = load_lines(ROWS)
    predictions = [
        once("20"),
        once("20"),
        Intent(kind="unknown"),
        Intent(kind="cancel"),
        Intent(kind="history", recipient="bob"),
        Intent(kind="balance"),
    ]
    report = score(lines, predictions)
    assert report.by_category["pay_recurring"] == (0, 1)
    assert report.by_category["pay_now"] == (1, 1)
    assert report.by_tag["all"] == (0, 1)


def test_crashing_parser_fails_the_line_without_raising() -> None:
    def boom(text: str, context: IntentContext) -> Intent:
        raise RuntimeError(text)

    report = evaluate(load_lines(ROWS[:1]), boom, context_from_directory(DIRECTORY))
    assert report.passed == 0


def test_context_from_directory_reads_clock_and_contacts() -> None:
    ctx = context_from_directory(DIRECTORY)
    assert ctx.now == NOW
    assert ctx.contacts[0].aliases == ("bobby",)


def test_report_ends_with_violations_then_exact_match() -> None:
    lines = load_lines(ROWS)
    predictions = [
        once("20"),
        fridays(2),
        once("5"),
        Intent(kind="cancel", cancel_all=True),
        Intent(kind="history", recipient="bob"),
        Intent(kind="balance"),
    ]
    text = format_report(score(lines, predictions))
    assert text.splitlines()[-3:] == [
        "wrong_amounts: 0",
        "safety_violations: 1",
        "exact_match: 0.833 (5/6)",
    ]
    assert "t3" in text


def test_a_different_number_or_a_number_where_null_is_expected_is_a_wrong_amount() -> None:
    unsure = {**ROWS[0], "id": "t7", "expect": {**ROWS[0]["expect"], "amount": None}}
    lines = load_lines([ROWS[0], ROWS[0], unsure, unsure])
    asked = Intent(kind="pay", recipient="bob", schedule=Schedule.once(NOW))
    report = score(lines, [once("21"), asked, once("20"), asked])
    assert report.wrong_amounts == 2  # 21 for 20, and 20 for "not stated"
    assert report.passed == 1  # asking "how much?" for a stated amount is a miss, not a wrong one
    assert format_report(report).splitlines()[-3] == "wrong_amounts: 2"


def test_a_wrong_amount_on_a_line_that_is_not_a_pay_is_not_counted() -> None:
    lines = load_lines([ROWS[5]])
    assert score(lines, [once("20")]).wrong_amounts == 0
