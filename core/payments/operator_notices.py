"""What operators are told about a risky proposal, queued in the outbox with the payment."""

from core.entities import Payment, RiskAssessment, RiskLevel, User
from core.money import format_amount
from core.names import quoted
from core.notices import Action, Notice
from core.states import PaymentStatus


def review_ref(payment: Payment) -> str:
    """An Approve/Reject action's ref: the payment and the details the operator was shown."""
    return f"{payment.id}:{payment.details_hash}"


def reasons_text(assessment: RiskAssessment) -> str:
    """The guardian's reasons as one line, for the payer's card and the operators alike."""
    return "; ".join(assessment.reasons) or "no reasons recorded"


def for_operators(
    payment: Payment,
    payer: User,
    payee: User,
    assessment: RiskAssessment,
    operators: tuple[int, ...],
) -> list[Notice]:
    """A review request (with Approve / Reject) or a step-up note, one per operator."""
    amount = format_amount(payment.amount, payment.asset)
    summary = f"{amount} from {quoted(payer.name)} to {quoted(payee.name)}"
    why = reasons_text(assessment)
    if payment.status is PaymentStatus.AWAITING_REVIEW:
        text = (
            f"Review needed: {summary}.\n"
            f"Score {assessment.score}/100 ({assessment.ruleset_version}). Why: {why}.\n"
            f"Ref: {payment.id[:12]}"
        )
        if assessment.opinion:
            text += f"\nAdvisor: {assessment.opinion}"
        ref = review_ref(payment)
        actions = (Action("Approve", "approve_review", ref), Action("Reject", "reject_review", ref))
        return [Notice(f"review:{payment.id}:{op}", op, text, actions) for op in operators]
    if assessment.level is RiskLevel.STEP_UP:
        text = f"Step-up: {summary}, score {assessment.score}/100. Why: {why}."
        return [Notice(f"step-up:{payment.id}:{op}", op, text) for op in operators]
    return []
