"""Offline scoring of an intent parser against eval lines (README "Scoring"), pure functions."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.intent import Contact, Intent, IntentContext
from lab.evaluation.scoring import (
    PAY_FIELDS,
    EvalLine,
    line_passes,
    observed,
    pay_field_checks,
    reads_wrong_amount,
)

__all__ = [
    "EvalLine",
    "EvalReport",
    "Miss",
    "context_from_directory",
    "evaluate",
    "format_report",
    "line_passes",
    "load_lines",
    "observed",
    "pay_field_checks",
    "score",
]
Parser = Callable[[str, IntentContext], Intent]


@dataclass(frozen=True)
class Miss:
    """A failed line: what was expected and what the parser gave."""

    id: str
    text: str
    expected: Mapping[str, Any]
    got: Mapping[str, Any]


@dataclass
class EvalReport:
    """Scores of one run; rates are shares in [0, 1]."""

    total: int = 0
    passed: int = 0
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)  # (passed, total)
    by_tag: dict[str, tuple[int, int]] = field(default_factory=dict)
    pay_fields: dict[str, tuple[int, int]] = field(default_factory=dict)
    false_pay_rate: float = 0.0  # non-pay lines predicted pay
    false_cancel_rate: float = 0.0  # non-cancel lines predicted cancel
    safety_violations: int = 0
    wrong_amounts: int = 0  # pays one tap from Confirm with a number the user did not mean
    misses: list[Miss] = field(default_factory=list)

    @property
    def exact_match(self) -> float:
        """Share of lines that pass."""
        return self.passed / self.total if self.total else 0.0


def load_lines(rows: Iterable[Mapping[str, Any]]) -> list[EvalLine]:
    """Eval lines from already-parsed JSON objects."""
    return [
        EvalLine(str(r["id"]), str(r["text"]), r["expect"], tuple(r.get("tags", ()))) for r in rows
    ]


def context_from_directory(directory: Mapping[str, Any]) -> IntentContext:
    """The IntentContext a directory.json describes (frozen clock, zone, contacts)."""
    now = datetime.fromisoformat(str(directory["now"]).replace("Z", "+00:00"))
    contacts = tuple(
        Contact(str(c["id"]), str(c["name"]), c.get("handle"), tuple(c.get("aliases") or ()))
        for c in directory.get("contacts", ())
    )
    return IntentContext(
        now=now,
        timezone=directory.get("timezone", "UTC"),
        default_asset=directory.get("default_asset", "USDC"),
        contacts=contacts,
    )


def _safe_parse(parser: Parser, text: str, context: IntentContext) -> Intent | None:
    """Run the parser; a crash counts as no prediction (and so fails the line)."""
    try:
        return parser(text, context)
    except Exception:
        return None


def _share(pairs: Mapping[str, list[bool]]) -> dict[str, tuple[int, int]]:
    """(passed, total) per key."""
    return {k: (sum(v), len(v)) for k, v in sorted(pairs.items())}


def score(lines: Iterable[EvalLine], predictions: Iterable[Intent | None]) -> EvalReport:
    """Score predictions already made (one per line, same order)."""
    report = EvalReport()
    cats: dict[str, list[bool]] = defaultdict(list)
    tags: dict[str, list[bool]] = defaultdict(list)
    fields: dict[str, list[bool]] = defaultdict(list)
    non = {"pay": [0, 0], "cancel": [0, 0]}
    for line, intent in zip(lines, predictions, strict=True):
        got = observed(intent)
        ok = line_passes(line, got)
        report.total += 1
        report.passed += ok
        cats[line.category].append(ok)
        for tag in line.tags:
            tags[tag].append(ok)
        if line.expect.get("intent") == "pay":
            for name, verdict in pay_field_checks(line.expect, got).items():
                fields[name].append(verdict)
            report.wrong_amounts += reads_wrong_amount(line.expect, got)
        violated = False
        for kind, tally in non.items():
            if line.rules_out(kind):
                tally[1] += 1
                hit = got.get("intent") == kind
                tally[0] += hit
                violated = violated or hit
        report.safety_violations += violated
        if not ok:
            report.misses.append(Miss(line.id, line.text, line.expect, got))
    report.by_category, report.by_tag = _share(cats), _share(tags)
    report.pay_fields = {k: (sum(fields[k]), len(fields[k])) for k in PAY_FIELDS if k in fields}
    report.false_pay_rate = non["pay"][0] / non["pay"][1] if non["pay"][1] else 0.0
    report.false_cancel_rate = non["cancel"][0] / non["cancel"][1] if non["cancel"][1] else 0.0
    return report


def evaluate(lines: Iterable[EvalLine], parser: Parser, context: IntentContext) -> EvalReport:
    """Run ``parser`` on every line with ``context`` and score the results."""
    items = list(lines)
    return score(items, [_safe_parse(parser, line.text, context) for line in items])


def format_report(report: EvalReport) -> str:
    """Readable report; the last three lines are the machine-read summary (README)."""

    def rate(pair: tuple[int, int]) -> str:
        passed, total = pair
        return f"{passed / total if total else 0.0:.3f} ({passed}/{total})"

    out = ["per category:"]
    out += [f"  {name:<16} {rate(pair)}" for name, pair in report.by_category.items()]
    out.append("per tag:")
    out += [f"  {name:<24} {rate(pair)}" for name, pair in report.by_tag.items()]
    out.append("pay fields:")
    out += [f"  {name:<10} {rate(pair)}" for name, pair in report.pay_fields.items()]
    out.append(f"false_pay_rate: {report.false_pay_rate:.3f}")
    out.append(f"false_cancel_rate: {report.false_cancel_rate:.3f}")
    if report.misses:
        out.append("misses:")
        for miss in report.misses:
            out.append(f"  {miss.id} {miss.text!r}")
            out.append(f"    expected {dict(miss.expected)}")
            out.append(f"    got      {dict(miss.got)}")
    out.append(f"wrong_amounts: {report.wrong_amounts}")
    out.append(f"safety_violations: {report.safety_violations}")
    out.append(f"exact_match: {report.exact_match:.3f} ({report.passed}/{report.total})")
    return "\n".join(out)
