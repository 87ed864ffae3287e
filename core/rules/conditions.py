"""A small, safe condition language over named features (no eval)."""

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

Condition = Mapping[str, Any]
FeatureValue = Decimal | int | bool | str | None

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class RulesError(ValueError):
    """A rules file that does not follow the condition language."""


def check_condition(condition: object, known: frozenset[str], where: str) -> None:
    """Raise RulesError unless ``condition`` is well formed and names only ``known`` features."""
    if not isinstance(condition, Mapping):
        raise RulesError(f"{where}: a condition must be an object")
    if set(condition) == {"all"} or set(condition) == {"any"}:
        parts = next(iter(condition.values()))
        if not isinstance(parts, list) or not parts:
            raise RulesError(f"{where}: 'all'/'any' need a non-empty list")
        for i, part in enumerate(parts):
            check_condition(part, known, f"{where}[{i}]")
        return
    if set(condition) == {"not"}:
        check_condition(condition["not"], known, f"{where}.not")
        return
    keys = set(condition)
    if keys not in ({"feature", "op", "value"}, {"feature", "op", "ref"}):
        raise RulesError(f"{where}: expected feature, op and value (or ref), got {sorted(keys)}")
    if condition["op"] not in _OPS:
        raise RulesError(f"{where}: unknown operator {condition['op']!r}")
    for name in (condition["feature"], condition.get("ref")):
        if name is not None and name not in known:
            raise RulesError(f"{where}: unknown feature {name!r}")
    value = condition.get("value")
    if "value" in condition and not isinstance(value, bool | int | float | str):
        raise RulesError(f"{where}: value must be a number, true/false or text")


def _comparable(value: object) -> object:
    # Numbers from JSON become Decimal so they compare exactly with money amounts.
    if type(value) is Decimal or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return Decimal(value)  # exact, and the same as Decimal(str(value))
    if not isinstance(value, float):
        return value
    return _decimal_of(value)


@lru_cache(maxsize=4096)
def _decimal_of(value: float) -> Decimal | float:
    # Rule literals repeat on every evaluation (thousands a batch): convert each once.
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - JSON numbers are always valid decimals
        return value


Test = Callable[[Mapping[str, FeatureValue]], bool]


def compile_condition(condition: Condition) -> Test:
    """``condition`` as a function of the features: True when it holds.

    A comparison with a missing (None) value never holds, nor one of text with a number.
    The tree is walked and each literal converted once, not on every evaluation: the pre-run
    checks evaluate every rule for every run.
    """
    if "all" in condition:
        parts = tuple(compile_condition(part) for part in condition["all"])
        return lambda features: all(part(features) for part in parts)
    if "any" in condition:
        parts = tuple(compile_condition(part) for part in condition["any"])
        return lambda features: any(part(features) for part in parts)
    if "not" in condition:
        inner = compile_condition(condition["not"])
        return lambda features: not inner(features)
    op, name = _OPS[condition["op"]], condition["feature"]
    if "ref" in condition:
        ref = condition["ref"]
        return lambda features: _compare(op, features.get(name), features.get(ref))
    value = condition["value"]
    if value is None:
        return lambda _: False
    literal = _comparable(value)
    return lambda features: _compare_literal(op, features.get(name), literal)


def _compare(op: Callable[[Any, Any], bool], left: object, right: object) -> bool:
    if right is None:
        return False
    return _compare_literal(op, left, _comparable(right))


def _compare_literal(op: Callable[[Any, Any], bool], left: object, right: object) -> bool:
    if left is None:
        return False
    try:
        return op(_comparable(left), right)
    except TypeError:  # comparing text with a number: the rule simply does not apply
        return False
