"""State carried through the guardian graph."""

from typing import TypedDict

from core.deps import Assessed, RiskRequest
from core.rules.engine import Decision, RiskFeatures


class GuardianState(TypedDict, total=False):
    """Request in; features, decision, optional opinion and the final assessment out."""

    request: RiskRequest
    features: RiskFeatures
    decision: Decision
    opinion: str | None
    assessed: Assessed
