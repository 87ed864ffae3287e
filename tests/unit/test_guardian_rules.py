"""The guardian's rules as data: every default rule, the evaluation order and the bands."""

import json
import operator
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.entities import RiskLevel
from core.rules import RulesError, parse_ruleset
from core.rules.conditions import compile_condition
from core.rules.engine import FEATURE_NAMES, RiskFeatures, default_ruleset, evaluate, load_ruleset

D = Decimal
OPS = [">", ">=", "<", "<=", "==", "!="]


def quiet(**changes: Any) -> RiskFeatures:
    """A payment nothing fires on: small, known payee, daytime, well within limits."""
    base: dict[str, Any] = {
        "amount": D(10),
        "asset": "USDC",
        "available_balance": D(1000),
        "new_recipient": False,
        "per_payment_cap": D(10_000),
        "per_day_limit": D(20_000),
        "per_recipient_day_limit": D(10_000),
        "local_hour": 12,
    }
    base.update(changes)
    return RiskFeatures(**base)


# rule id → features that fire it (and, for scored rules, nothing else)
FIRES: dict[str, dict[str, Any]] = {
    "deny_listed": {"payee_denied": True},
    "over_cap": {"amount": D(600), "per_payment_cap": D(500), "available_balance": D(10_000)},
    "over_daily_limit": {"spent_day": D(19_995)},
    "over_recipient_daily_limit": {"sent_to_payee_day": D(9_995)},
    "rapid_schedule": {"recurring": True, "min_interval_seconds": 5},
    "allow_listed": {"payee_allowed": True},
    "new_recipient": {"new_recipient": True},
    "large_share_of_balance": {"amount": D(600)},
    "whole_balance": {"amount": D(950)},
    "projected_shortfall": {
        "recurring": True,
        "min_interval_seconds": 7 * 86400,
        "runs_next_30d": 5,
        "amount": D(300),
    },
    "unusual_amount": {"history_count": 3, "median_amount": D(2)},
    "burst_hour": {"count_hour": 5},
    "busy_day": {"count_day": 20},
    "frequent_schedule": {"recurring": True, "min_interval_seconds": 7200},
    "unusual_hour": {"local_hour": 3},
    "parse_uncertain": {"parse_confidence": D("0.5")},
}


def test_every_default_rule_has_a_firing_case() -> None:
    assert {rule.id for rule in default_ruleset().rules} == set(FIRES)


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_each_default_rule_fires_on_its_signal_and_not_on_a_quiet_payment(rule_id: str) -> None:
    assert rule_id not in evaluate(quiet()).hits
    assert rule_id in evaluate(quiet(**FIRES[rule_id])).hits


def test_a_quiet_payment_is_allowed_with_score_zero_and_the_version_recorded() -> None:
    decision = evaluate(quiet())
    assert (decision.score, decision.level, decision.hits) == (0, RiskLevel.ALLOW, ())
    assert decision.ruleset_version == default_ruleset().version


def test_block_rules_come_first_are_hard_and_list_every_reason() -> None:
    decision = evaluate(quiet(payee_denied=True, payee_allowed=True, spent_day=D(19_995)))
    assert decision.level is RiskLevel.BLOCK and decision.hard and decision.score == 100
    assert decision.hits == ("deny_listed", "over_daily_limit")
    assert "payments to this person are not allowed" in decision.reasons


def test_the_allow_list_beats_the_weights_but_not_the_blocks() -> None:
    allowed = evaluate(quiet(payee_allowed=True, new_recipient=True, amount=D(950)))
    assert (allowed.level, allowed.score, allowed.hits) == (RiskLevel.ALLOW, 0, ("allow_listed",))
    blocked = evaluate(quiet(payee_allowed=True, per_payment_cap=D(5)))
    assert blocked.level is RiskLevel.BLOCK and blocked.hard


def test_a_review_rule_always_reaches_the_block_band_without_being_hard() -> None:
    decision = evaluate(quiet(recurring=True, min_interval_seconds=5, payee_allowed=True))
    assert decision.level is RiskLevel.BLOCK and not decision.hard and decision.score >= 75
    assert decision.hits[0] == "rapid_schedule"


def test_weights_add_up_into_the_step_up_and_block_bands() -> None:
    step_up = evaluate(quiet(new_recipient=True, amount=D(600)))
    assert (step_up.score, step_up.level) == (45, RiskLevel.STEP_UP)
    review = evaluate(quiet(new_recipient=True, amount=D(950), local_hour=3))
    assert (review.score, review.level, review.hard) == (75, RiskLevel.BLOCK, False)
    capped = evaluate(
        quiet(new_recipient=True, amount=D(950), local_hour=3, count_hour=9, count_day=30)
    )
    assert capped.score == 100


def test_the_features_are_recorded_with_derived_values_as_text() -> None:
    record = quiet(amount=D(600), median_amount=D(100), history_count=4).as_record()
    assert record["share_of_balance"] == "0.6000" and record["amount_vs_median"] == "6.0000"
    assert record["spent_day_after"] == "600" and record["new_recipient"] is False


OPERATORS = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def _number(value: Any) -> Any:
    if isinstance(value, bool | str | Decimal):
        return value
    return Decimal(str(value)) if isinstance(value, int | float) else value


def holds(condition: Mapping[str, Any], features: Mapping[str, Any]) -> bool:
    """The condition language read plainly, tree walk by tree walk: the compiled form's oracle."""
    if "all" in condition:
        return all(holds(part, features) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, features) for part in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], features)
    left = features.get(condition["feature"])
    right = features.get(condition["ref"]) if "ref" in condition else condition["value"]
    if left is None or right is None:
        return False
    try:
        return bool(OPERATORS[condition["op"]](_number(left), _number(right)))
    except TypeError:  # text against a number
        return False


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"feature": "amount", "op": ">", "value": 5}, True),
        ({"feature": "amount", "op": "<=", "value": 5}, False),
        ({"feature": "amount", "op": "<", "ref": "available_balance"}, True),
        (
            {
                "all": [
                    {"feature": "amount", "op": "==", "value": 10},
                    {"feature": "new_recipient", "op": "==", "value": False},
                ]
            },
            True,
        ),
        (
            {
                "any": [
                    {"feature": "amount", "op": "==", "value": 1},
                    {"feature": "asset", "op": "==", "value": "USDC"},
                ]
            },
            True,
        ),
        ({"not": {"feature": "asset", "op": "!=", "value": "USDC"}}, True),
        ({"feature": "median_amount", "op": "<", "value": 100}, False),  # None never holds
        ({"feature": "asset", "op": ">", "value": 3}, False),  # text vs number: no match
    ],
)
def test_the_condition_language(condition: dict[str, Any], expected: bool) -> None:
    assert holds(condition, quiet().values()) is expected
    assert compile_condition(condition)(quiet().values()) is expected


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.decimals(-3, 3, places=1),
    st.floats(-3, 3, allow_nan=False),
    st.sampled_from(["USDC", "a", ""]),
)
NAMES = ["a", "b", "c"]
leaves = st.one_of(
    st.fixed_dictionaries(
        {"feature": st.sampled_from(NAMES), "op": st.sampled_from(OPS), "value": values}
    ),
    st.fixed_dictionaries(
        {
            "feature": st.sampled_from(NAMES),
            "op": st.sampled_from(OPS),
            "ref": st.sampled_from(NAMES),
        }
    ),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.fixed_dictionaries({"all": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"any": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"not": inner}),
    ),
    max_leaves=6,
)


@given(conditions, st.fixed_dictionaries({n: values for n in NAMES}))
def test_a_compiled_condition_decides_as_the_interpreted_one(
    condition: dict[str, Any], features: dict[str, Any]
) -> None:
    assert compile_condition(condition)(features) is holds(condition, features)


def rules_file(tmp_path: Path, rules: list[dict[str, Any]], version: str = "custom-1") -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": version, "rules": rules}))
    return path


def test_a_rules_file_from_settings_replaces_the_default_and_its_version_is_kept(
    tmp_path: Path,
) -> None:
    path = rules_file(
        tmp_path,
        [
            {
                "id": "big",
                "weight": 50,
                "reason": "big",
                "when": {"feature": "amount", "op": ">=", "value": 100},
            }
        ],
    )
    ruleset = load_ruleset(str(path))
    decision = evaluate(quiet(amount=D(100)), ruleset)
    assert (decision.score, decision.level, decision.ruleset_version) == (
        50,
        RiskLevel.STEP_UP,
        "custom-1",
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"id": "x", "reason": "r", "when": {"feature": "nope", "op": ">", "value": 1}},
            "unknown feature",
        ),
        (
            {"id": "x", "reason": "r", "when": {"feature": "amount", "op": "~", "value": 1}},
            "unknown operator",
        ),
        (
            {
                "id": "x",
                "reason": "r",
                "action": "explode",
                "when": {"feature": "amount", "op": ">", "value": 1},
            },
            "action must be",
        ),
        (
            {
                "id": "x",
                "reason": "r",
                "weight": 500,
                "when": {"feature": "amount", "op": ">", "value": 1},
            },
            "weight must be",
        ),
        ({"id": "x", "when": {"feature": "amount", "op": ">", "value": 1}}, "needs a 'reason'"),
        ({"id": "x", "reason": "r", "when": {"all": []}}, "non-empty list"),
        ({"id": "x", "reason": "r", "when": "__import__('os')"}, "must be an object"),
    ],
)
def test_a_bad_rules_file_is_refused_with_what_is_wrong(
    tmp_path: Path, rule: dict[str, Any], message: str
) -> None:
    with pytest.raises(RulesError, match=message):
        load_ruleset(str(rules_file(tmp_path, [rule])))


def test_a_missing_or_broken_rules_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_ruleset(str(tmp_path / "absent.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    with pytest.raises(RulesError, match="not valid JSON"):
        load_ruleset(str(broken))
    with pytest.raises(RulesError, match="duplicate id"):
        rule = {"id": "a", "reason": "r", "when": {"feature": "amount", "op": ">", "value": 1}}
        parse_ruleset({"version": "v", "rules": [rule, rule]}, FEATURE_NAMES)
