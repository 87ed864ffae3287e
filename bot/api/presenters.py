"""Use-case outcomes → REST bodies."""

from bot.api.schemas import CommandOut, PaymentOut
from bot.telegram import commands, guardian_render, render
from core.conversation.clarify import Clarification
from core.conversation.messages import Answer, HelpWanted, NotUnderstood, Outcome
from core.entities import Payment, RiskAssessment
from core.payments.cancel import CancelResult
from core.payments.proposals import Answered, Proposal


def payment_out(
    payment: Payment, payee_name: str, assessment: RiskAssessment | None = None
) -> PaymentOut:
    """A payment as JSON."""
    return PaymentOut(
        id=payment.id,
        status=payment.status.value,
        payee=payee_name,
        amount=format(payment.amount, "f"),
        asset=payment.asset,
        runs=payment.schedule.runs(3),
        details_hash=payment.details_hash,
        risk_level=assessment.level.value if assessment else None,
        risk_score=assessment.score if assessment else None,
        reasons=list(assessment.reasons) if assessment else [],
    )


def command_out(outcome: Outcome) -> CommandOut:
    """The JSON for one pipeline outcome."""
    if isinstance(outcome, Proposal):
        text, _ = guardian_render.proposal_message(outcome)
        return CommandOut(
            kind="proposal",
            message=text,
            payment=payment_out(outcome.payment, outcome.payee.name, outcome.assessment),
        )
    if isinstance(outcome, CancelResult):
        return CommandOut(kind="answer", message=outcome.text)
    if isinstance(outcome, Clarification):
        return CommandOut(kind="question", message=outcome.question)
    if isinstance(outcome, Answer):
        return CommandOut(kind="answer", message=outcome.text)
    if isinstance(outcome, HelpWanted):
        return CommandOut(kind="help", message=commands.people_help())
    if isinstance(outcome, NotUnderstood):
        return CommandOut(kind="not_understood", message="I didn't understand that.")
    return CommandOut(kind="not_supported", message="That isn't available yet.")


def answered_out(result: Answered) -> CommandOut:
    """The JSON for a Confirm/Deny."""
    return CommandOut(
        kind="proposal",
        message=(
            guardian_render.second_step_prompt(result)
            if result.second_step
            else render.answered(result)
        ),
        payment=payment_out(result.payment, result.payee.name),
    )
