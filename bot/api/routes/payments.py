"""POST /v1/payments/{id}/confirm and /deny: the card's buttons over REST."""

from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException, status

from bot.api import presenters
from bot.api.dependencies import ActorDep, DepsDep, require_token
from bot.api.schemas import AnswerIn, CancelIn, CommandOut, errors
from core.audit import Actor, Door
from core.deps import Deps
from core.errors import DomainError
from core.payments import proposals
from core.scheduling import series

router = APIRouter(dependencies=[Depends(require_token)], responses=errors(400, 401, 409))


@router.post("/v1/payments/{payment_id}/confirm", response_model=CommandOut)
async def confirm(payment_id: str, body: AnswerIn, deps: DepsDep, actor: ActorDep) -> CommandOut:
    """Confirm a proposed payment, as its payer."""
    return await _answer(deps, actor, payment_id, body, confirm=True)


@router.post("/v1/payments/{payment_id}/deny", response_model=CommandOut)
async def deny(payment_id: str, body: AnswerIn, deps: DepsDep, actor: ActorDep) -> CommandOut:
    """Deny a proposed payment, as its payer."""
    return await _answer(deps, actor, payment_id, body, confirm=False)


@router.post("/v1/payments/{payment_id}/cancel", response_model=CommandOut)
async def cancel(payment_id: str, body: CancelIn, deps: DepsDep, actor: ActorDep) -> CommandOut:
    """Stop a scheduled payment, as its payer; runs not yet claimed are cancelled."""
    try:
        done = await series.cancel_series(
            deps, payment_id, body.telegram_id, actor=actor, door=Door.REST
        )
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    told = f"Cancelled; {done.runs_cancelled} upcoming run(s) will not be paid."
    return CommandOut(kind="answer", message=told)


async def _answer(
    deps: Deps, actor: Actor, payment_id: str, body: AnswerIn, confirm: bool
) -> CommandOut:
    typed = Decimal(body.amount) if body.amount is not None else None
    try:
        # No card to edit over REST: the payer's receipt goes to their chat like the payee's.
        result = await proposals.answer(
            deps,
            payment_id,
            body.details_hash,
            body.telegram_id,
            confirm,
            typed,
            True,
            actor=actor,
            door=Door.REST,
        )
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    return presenters.answered_out(result)
