"""Guardian graph nodes: features from the ledger, then the deterministic rules."""

from agents.guardian.state import GuardianState
from core.guardian import evaluate
from core.ports import UnitOfWorkFactory
from core.usecases.deps import Policy
from core.usecases.risk import compute_features


class FeatureNode:
    """Reads the features through a fresh unit of work (read-only)."""

    def __init__(self, uow: UnitOfWorkFactory, policy: Policy) -> None:
        self._uow = uow
        self._policy = policy

    async def __call__(self, state: GuardianState) -> GuardianState:
        """Compute the features for the request in the state."""
        async with self._uow() as uow:
            features = await compute_features(uow, state["request"], self._policy)
        return {"features": features}


def apply_rules(state: GuardianState) -> GuardianState:
    """Score with the rules; an LLM never takes part in this step."""
    return {"decision": evaluate(state["features"])}
