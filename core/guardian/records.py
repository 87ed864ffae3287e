"""The stored form of a guardian answer: one builder for proposals and pre-run checks alike."""

from datetime import datetime

from core.deps import Assessed
from core.entities import RiskAssessment


def assessment_record(
    assessment_id: str,
    payment_id: str,
    assessed: Assessed,
    now: datetime,
    run_id: str | None = None,
) -> RiskAssessment:
    """The assessment to store: score, band, reasons, the features read and the rules hit."""
    decision = assessed.decision
    return RiskAssessment(
        id=assessment_id,
        payment_id=payment_id,
        score=decision.score,
        level=decision.level,
        reasons=decision.reasons,
        features=assessed.features.as_record(),
        rule_hits=decision.hits,
        ruleset_version=decision.ruleset_version,
        created_at=now,
        run_id=run_id,
        opinion=assessed.opinion,
    )
