"""POST /v1/payments/{id}/confirm and /deny: the card's buttons over REST."""

from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException, status

from bot.api import presenters
from bot.api.dependencies import DepsDep, require_token
from bot.api.schemas import AnswerIn, CommandOut, errors
from core.deps import Deps
from core.errors import DomainError
from core.payments import proposals

router = APIRouter(dependencies=[Depends(require_token)], responses=errors(400, 401, 409))


@router.post("/v1/payments/{payment_id}/confirm", response_model=CommandOut)
async def confirm(payment_id: str, body: AnswerIn, deps: DepsDep) -> CommandOut:
    """Confirm a proposed payment, as its payer."""
    return await _answer(deps, payment_id, body, confirm=True)


@router.post("/v1/payments/{payment_id}/deny", response_model=CommandOut)
async def deny(payment_id: str, body: AnswerIn, deps: DepsDep) -> CommandOut:
    """Deny a proposed payment, as its payer."""
    return await _answer(deps, payment_id, body, confirm=False)


async def _answer(deps: Deps, payment_id: str, body: AnswerIn, confirm: bool) -> CommandOut:
    typed = Decimal(body.amount) if body.amount is not None else None
    try:
        # No card to edit over REST: the payer's receipt goes to their chat like the payee's.
        result = await proposals.answer(
            deps, payment_id, body.details_hash, body.telegram_id, confirm, typed, True
        )
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    return presenters.answered_out(result)
