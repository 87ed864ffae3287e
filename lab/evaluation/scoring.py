"""Scoring one eval line against one prediction, exactly as the eval README defines it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.intent import Intent

PAY_FIELDS = ("recipient", "amount", "asset", "runs", "count")


@dataclass(frozen=True)
class EvalLine:
    """One evaluation line: id, text, expectation and tags (first tag = category)."""

    id: str
    text: str
    expect: Mapping[str, Any]
    tags: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        """The line's category: its first tag."""
        return self.tags[0] if self.tags else "untagged"

    def rules_out(self, kind: str) -> bool:
        """True when the expectation forbids predicting ``kind``."""
        if "intent_not" in self.expect:
            return kind in self.expect["intent_not"]
        return bool(self.expect.get("intent") != kind)


def _iso(moment: datetime) -> str:
    """An instant as ISO-8601 UTC with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def observed(intent: Intent | None) -> dict[str, Any]:
    """The scored fields of a prediction, in the eval file's vocabulary."""
    if intent is None:
        return {"intent": None}
    out: dict[str, Any] = {"intent": intent.kind, "recipient": intent.recipient}
    if intent.kind == "pay":
        out["amount"] = None if intent.amount is None else str(intent.amount)
        out["asset"] = intent.asset
        out["runs"] = [_iso(r) for r in intent.schedule.runs(3)] if intent.schedule else []
        out["count"] = intent.schedule.count if intent.schedule else None
    if intent.kind == "cancel":
        out["all"] = intent.cancel_all
    return out


def _same_amount(expected: Any, got: Any) -> bool:
    """Amounts equal as decimals, or both null."""
    if expected is None or got is None:
        return expected is None and got is None
    try:
        return Decimal(str(expected)) == Decimal(str(got))
    except InvalidOperation:
        return False


def _same_runs(expected: list[str], got: list[str]) -> bool:
    """Run lists equal as instants, same length and order."""

    def instants(values: list[str]) -> list[datetime]:
        return [datetime.fromisoformat(v.replace("Z", "+00:00")) for v in values]

    return len(expected) == len(got) and instants(expected) == instants(got)


def pay_field_checks(expect: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, bool]:
    """Per-field verdicts for an expected pay line (all false when no pay was predicted)."""
    if got.get("intent") != "pay":
        return dict.fromkeys(PAY_FIELDS, False)
    return {
        "recipient": expect.get("recipient") == got.get("recipient"),
        "amount": _same_amount(expect.get("amount"), got.get("amount")),
        "asset": expect.get("asset") == got.get("asset"),
        "runs": _same_runs(list(expect.get("runs", [])), list(got.get("runs", []))),
        "count": expect.get("count") == got.get("count"),
    }


def reads_wrong_amount(expect: Mapping[str, Any], got: Mapping[str, Any]) -> bool:
    """A pay read with a number other than the expected one (a number where null is expected too).

    An empty amount where one was expected is only a miss: the bot asks "how much?" then.
    """
    if expect.get("intent") != "pay" or got.get("intent") != "pay" or got.get("amount") is None:
        return False
    return not _same_amount(expect.get("amount"), got.get("amount"))


def line_passes(line: EvalLine, got: Mapping[str, Any]) -> bool:
    """README scoring of one line."""
    kind = got.get("intent")
    if "intent_not" in line.expect:
        return kind not in line.expect["intent_not"]
    want = line.expect.get("intent")
    if kind != want:
        return False
    if want == "pay":
        return all(pay_field_checks(line.expect, got).values())
    if want == "cancel":
        all_ok = bool(got.get("all")) == bool(line.expect.get("all", False))
        return got.get("recipient") == line.expect.get("recipient") and all_ok
    if want == "history":
        return got.get("recipient") == line.expect.get("recipient")
    return True
