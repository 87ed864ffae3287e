"""The real dev set: the heuristic parser must keep exact match ≥ 0.95 with no safety violations."""

import json
from pathlib import Path

import pytest

from core.parsing import parse_intent
from lab.evaluation.report import context_from_directory, evaluate, format_report, load_lines

EVAL_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "intents"


@pytest.mark.skipif(not (EVAL_DIR / "dev.jsonl").exists(), reason="shared eval data not present")
def test_dev_set_exact_match_at_least_095_with_zero_safety_violations() -> None:
    directory = json.loads((EVAL_DIR / "directory.json").read_text(encoding="utf-8"))
    rows = [
        json.loads(line)
        for line in (EVAL_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    report = evaluate(load_lines(rows), parse_intent, context_from_directory(directory))
    assert report.total == len(rows)
    assert report.safety_violations == 0, format_report(report)
    assert report.exact_match >= 0.95, format_report(report)


@pytest.mark.skipif(
    not (EVAL_DIR / "dev-indirect.jsonl").exists(), reason="shared eval data not present"
)
def test_indirect_dev_set_at_least_095_with_no_safety_violation_or_wrong_amount() -> None:
    directory = json.loads((EVAL_DIR / "directory.json").read_text(encoding="utf-8"))
    rows = [
        json.loads(line)
        for line in (EVAL_DIR / "dev-indirect.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    report = evaluate(load_lines(rows), parse_intent, context_from_directory(directory))
    assert report.safety_violations == 0, format_report(report)
    assert report.wrong_amounts == 0, format_report(report)
    assert report.exact_match >= 0.95, format_report(report)
