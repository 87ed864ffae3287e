"""State carried through the guardian graph."""

from typing import TypedDict

from core.guardian import Decision, RiskFeatures
from core.usecases.deps import RiskRequest


class GuardianState(TypedDict, total=False):
    """Request in, features and decision out."""

    request: RiskRequest
    features: RiskFeatures
    decision: Decision
