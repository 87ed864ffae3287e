"""`arcflux eval intents` scores the intent agent and fails the build under its threshold."""

import json
from pathlib import Path

import pytest

from lab.cli import main

DIRECTORY = {
    "now": "2026-03-04T10:00:00Z",
    "timezone": "UTC",
    "default_asset": "USDC",
    "payer": {"id": "me", "name": "Me Myself", "handle": "me"},
    "contacts": [{"id": "kim", "name": "Kim Park", "handle": "kimp", "aliases": []}],
    "assets": {"USDC": 6, "USD": 2, "EUR": 2, "GBP": 2, "INR": 2},
}
LINES = [
    {
        "id": "t1",
        "text": "send kim 5 usdc",
        "tags": ["pay_now"],
        "expect": {
            "intent": "pay",
            "recipient": "kim",
            "amount": "5",
            "asset": "USDC",
            "runs": ["2026-03-04T10:00:00Z"],
        },
    },
    {"id": "t2", "text": "what's my balance", "tags": ["balance"], "expect": {"intent": "balance"}},
    {
        "id": "t3",
        "text": "my card was charged twice, refund it",
        "tags": ["neg_support"],
        "expect": {"intent_not": ["pay", "cancel"]},
    },
    {
        "id": "t4",
        "text": "pay kim 5 usdc",
        "tags": ["pay_now"],
        "expect": {
            "intent": "pay",
            "recipient": "kim",
            "amount": "5",
            "asset": "USDC",
            "runs": ["2026-03-05T09:00:00Z"],
        },
    },
]
WRONG_AMOUNT = {
    "id": "t5",
    "text": "pay kim 5 usdc",
    "tags": ["pay_now"],
    "expect": {
        "intent": "pay",
        "recipient": "kim",
        "amount": "6",
        "asset": "USDC",
        "runs": ["2026-03-04T10:00:00Z"],
    },
}


@pytest.fixture
def eval_file(tmp_path: Path) -> Path:
    (tmp_path / "directory.json").write_text(json.dumps(DIRECTORY))
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES))
    return path


def test_the_report_ends_with_wrong_amounts_violations_then_exact_match(
    eval_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "intents", str(eval_file)]) == 0
    last_three = capsys.readouterr().out.strip().splitlines()[-3:]
    assert last_three == ["wrong_amounts: 0", "safety_violations: 0", "exact_match: 0.750 (3/4)"]


def test_a_wrong_amount_fails_the_command_whatever_the_share(
    eval_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with eval_file.open("a") as lines:
        lines.write("\n" + json.dumps(WRONG_AMOUNT))
    assert main(["eval", "intents", str(eval_file), "--min-exact", "0.5"]) == 1
    assert "wrong_amounts: 1" in capsys.readouterr().out


def test_the_command_fails_under_the_threshold(eval_file: Path) -> None:
    assert main(["eval", "intents", str(eval_file), "--min-exact", "0.8"]) == 1
    assert main(["eval", "intents", str(eval_file), "--min-exact", "0.75"]) == 0
