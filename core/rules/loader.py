"""Loading a rule set from JSON: the packaged default or a file named in settings."""

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from core.rules.conditions import Condition, RulesError, Test, check_condition, compile_condition

Action = Literal["block", "review", "allow", "score"]
ACTIONS: tuple[Action, ...] = ("block", "review", "allow", "score")


@dataclass(frozen=True)
class Rule:
    """One rule: when ``when`` holds, add ``weight`` or take ``action``."""

    id: str
    when: Condition
    reason: str
    weight: int = 0
    action: Action = "score"
    test: Test = field(init=False, repr=False, compare=False)  # ``when``, compiled once

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", compile_condition(self.when))


@dataclass(frozen=True)
class RuleSet:
    """A versioned, ordered list of rules."""

    version: str
    rules: tuple[Rule, ...]
    _by_action: dict[Action, tuple[Rule, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        # evaluate() asks for each action's rules on every run: group them once.
        grouped = {a: tuple(r for r in self.rules if r.action == a) for a in ACTIONS}
        object.__setattr__(self, "_by_action", grouped)

    def of(self, action: Action) -> tuple[Rule, ...]:
        """The rules taking ``action``, in file order."""
        return self._by_action[action]


def parse_ruleset(data: Any, known: frozenset[str], source: str = "rules") -> RuleSet:
    """Build a RuleSet from decoded JSON, or raise RulesError saying what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise RulesError(f"{source}: expected an object with a 'version' string")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise RulesError(f"{source}: expected a non-empty 'rules' list")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"{source}: rule {i}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise RulesError(f"{where}: needs an 'id'")
        where = f"{source}: rule {item['id']!r}"
        if item["id"] in seen:
            raise RulesError(f"{where}: duplicate id")
        seen.add(item["id"])
        action = item.get("action", "score")
        weight = item.get("weight", 0)
        if action not in ACTIONS:
            raise RulesError(f"{where}: action must be one of {', '.join(ACTIONS)}")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
            raise RulesError(f"{where}: weight must be a whole number from 0 to 100")
        if not isinstance(item.get("reason"), str) or not item["reason"]:
            raise RulesError(f"{where}: needs a 'reason'")
        check_condition(item.get("when"), known, f"{where}.when")
        rules.append(Rule(item["id"], item["when"], item["reason"], weight, action))
    return RuleSet(version=data["version"][:32], rules=tuple(rules))


def read_ruleset(known: frozenset[str], path: str | Path | None = None) -> RuleSet:
    """The rule set at ``path``, or the one shipped with the package."""
    if path is None:
        text = resources.files("core.rules").joinpath("default.json").read_text("utf-8")
        source = "default.json"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as error:
            raise RulesError(f"cannot read rules file {path}: {error.strerror}") from None
        source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RulesError(f"{source}: not valid JSON ({error.msg}, line {error.lineno})") from None
    return parse_ruleset(data, known, source)
