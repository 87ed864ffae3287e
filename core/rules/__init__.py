"""Guardian rules as data: the condition language and the rule-set loader."""

from core.rules.conditions import RulesError
from core.rules.loader import Rule, RuleSet, parse_ruleset, read_ruleset

__all__ = ["Rule", "RuleSet", "RulesError", "parse_ruleset", "read_ruleset"]
