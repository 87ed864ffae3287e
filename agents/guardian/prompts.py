"""The guardian's prompt for the optional written opinion."""

import json

from core.rules.engine import Decision, RiskFeatures

SYSTEM = (
    "You are a payments risk analyst. Deterministic rules have already scored this payment; "
    "you cannot change the score or the decision. In at most three short sentences, say "
    "whether the signals look consistent and what an operator should look at. Plain text."
)


def user_message(features: RiskFeatures, decision: Decision) -> str:
    """The facts and the rules' verdict, as compact JSON."""
    facts = {
        "features": features.as_record(),
        "score": decision.score,
        "level": decision.level.value,
        "rule_hits": list(decision.hits),
        "reasons": list(decision.reasons),
    }
    return json.dumps(facts, sort_keys=True)
