"""State carried through the guardian graph."""

from typing import TypedDict

from core.guardian import Decision, RiskFeatures
from core.usecases.deps import Assessed, RiskRequest


class GuardianState(TypedDict, total=False):
    """Request in; features, decision, optional opinion and the final assessment out."""

    request: RiskRequest
    features: RiskFeatures
    decision: Decision
    opinion: str | None
    assessed: Assessed
