"""POST /v1/payments/{id}/confirm, /deny and /cancel: the card's buttons, for a pay token."""

from decimal import Decimal

from fastapi import APIRouter, HTTPException, status

from bot.api import presenters
from bot.api.dependencies import ActorDep, DepsDep, PrincipalDep, paying_person
from bot.api.schemas import AnswerIn, CancelIn, CommandOut, errors
from core.audit import Actor, Door
from core.deps import Deps
from core.errors import DomainError
from core.money import format_amount
from core.names import quoted
from core.payments import proposals
from core.principal import Principal
from core.scheduling import series
from core.tokens.told import answered_line, tell_owner

router = APIRouter(responses=errors(400, 401, 403, 409))


@router.post("/v1/payments/{payment_id}/confirm", response_model=CommandOut)
async def confirm(
    payment_id: str, body: AnswerIn, deps: DepsDep, principal: PrincipalDep, actor: ActorDep
) -> CommandOut:
    """Confirm a proposed payment, as its payer."""
    return await _answer(deps, principal, actor, payment_id, body, confirm=True)


@router.post("/v1/payments/{payment_id}/deny", response_model=CommandOut)
async def deny(
    payment_id: str, body: AnswerIn, deps: DepsDep, principal: PrincipalDep, actor: ActorDep
) -> CommandOut:
    """Deny a proposed payment, as its payer."""
    return await _answer(deps, principal, actor, payment_id, body, confirm=False)


@router.post("/v1/payments/{payment_id}/cancel", response_model=CommandOut)
async def cancel(
    payment_id: str, body: CancelIn, deps: DepsDep, principal: PrincipalDep, actor: ActorDep
) -> CommandOut:
    """Stop a scheduled payment, as its payer; runs not yet claimed are cancelled."""
    acting = paying_person(principal, body.telegram_id)
    try:
        done = await series.cancel_series(deps, payment_id, acting, actor=actor, door=Door.REST)
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    what = f"{format_amount(done.payment.amount, done.payment.asset)} to {quoted(done.payee.name)}"
    await tell_owner(deps, principal, f"cancel:{payment_id}", f"Cancelled {what}")
    told = f"Cancelled; {done.runs_cancelled} upcoming run(s) will not be paid."
    return CommandOut(kind="answer", message=told)


async def _answer(
    deps: Deps, principal: Principal, actor: Actor, payment_id: str, body: AnswerIn, confirm: bool
) -> CommandOut:
    acting = paying_person(principal, body.telegram_id)
    typed = Decimal(body.amount) if body.amount is not None else None
    try:
        # No card to edit over REST: the payer's receipt goes to their chat like the payee's.
        result = await proposals.answer(
            deps,
            payment_id,
            body.details_hash,
            acting,
            confirm,
            typed,
            True,
            actor=actor,
            door=Door.REST,
        )
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    if (line := answered_line(result)) is not None:
        event = "confirm" if confirm else "deny"
        await tell_owner(deps, principal, f"{event}:{payment_id}", line)
    return presenters.answered_out(result)
