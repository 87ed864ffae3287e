"""Guardian graph nodes: features from the ledger, the rules, an optional opinion, the decision."""

from typing import Literal

from agents.guardian.state import GuardianState
from core.deps import Assessed, Policy
from core.guardian.features import compute_features, decided_at, history_window
from core.ports import UnitOfWorkFactory
from core.rules.engine import RiskAdvisor, evaluate


class FeatureNode:
    """Reads the features through a fresh unit of work (read-only)."""

    def __init__(self, uow: UnitOfWorkFactory, policy: Policy) -> None:
        self._uow = uow
        self._policy = policy

    async def __call__(self, state: GuardianState) -> GuardianState:
        """Compute the features for the request in the state."""
        request = state["request"]
        window = history_window([decided_at(request)])
        async with self._uow(read_only=True) as uow:
            facts = await uow.assessments.feature_facts(
                request.payer_id, request.payee_id, request.asset, window
            )
        return {"features": compute_features(facts, request, self._policy)}


class RulesNode:
    """Scores with the rule set; an LLM never takes part in this step."""

    def __init__(self, policy: Policy) -> None:
        self._rules = policy.rules

    def __call__(self, state: GuardianState) -> GuardianState:
        """The deterministic decision."""
        return {"decision": evaluate(state["features"], self._rules)}


class OpinionNode:
    """Asks the advisor for a written view; it writes only ``opinion``."""

    def __init__(self, advisor: RiskAdvisor | None) -> None:
        self.advisor = advisor

    async def __call__(self, state: GuardianState) -> GuardianState:
        """The advisor's opinion, or None."""
        if self.advisor is None:
            return {"opinion": None}
        return {"opinion": await self.advisor.opinion(state["features"], state["decision"])}


def decide(state: GuardianState) -> GuardianState:
    """The final assessment: the rules' decision as it was, with the opinion beside it."""
    assessed = Assessed(state["features"], state["decision"], state.get("opinion"))
    return {"assessed": assessed}


def needs_opinion(advisor: RiskAdvisor | None) -> "OpinionRoute":
    """The conditional edge after the rules."""
    return OpinionRoute(advisor is not None)


class OpinionRoute:
    """Routes to the opinion node only when an advisor is configured."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, state: GuardianState) -> Literal["opinion", "decide"]:
        """Where to go after the rules."""
        return "opinion" if self.enabled else "decide"
