"""POST /v1/payments/{id}/confirm and /deny: the card's buttons over REST, for a pay token."""

from decimal import Decimal

from fastapi import APIRouter, HTTPException, status

from bot.api import presenters
from bot.api.dependencies import DepsDep, PrincipalDep, paying_person
from bot.api.schemas import AnswerIn, CommandOut, errors
from core.deps import Deps
from core.errors import DomainError
from core.payments import proposals
from core.principal import Principal
from core.tokens.told import answered_line, tell_owner

router = APIRouter(responses=errors(400, 401, 403, 409))


@router.post("/v1/payments/{payment_id}/confirm", response_model=CommandOut)
async def confirm(
    payment_id: str, body: AnswerIn, deps: DepsDep, principal: PrincipalDep
) -> CommandOut:
    """Confirm a proposed payment, as its payer."""
    return await _answer(deps, principal, payment_id, body, confirm=True)


@router.post("/v1/payments/{payment_id}/deny", response_model=CommandOut)
async def deny(
    payment_id: str, body: AnswerIn, deps: DepsDep, principal: PrincipalDep
) -> CommandOut:
    """Deny a proposed payment, as its payer."""
    return await _answer(deps, principal, payment_id, body, confirm=False)


async def _answer(
    deps: Deps, principal: Principal, payment_id: str, body: AnswerIn, confirm: bool
) -> CommandOut:
    acting = paying_person(principal, body.telegram_id)
    typed = Decimal(body.amount) if body.amount is not None else None
    try:
        # No card to edit over REST: the payer's receipt goes to their chat like the payee's.
        result = await proposals.answer(
            deps, payment_id, body.details_hash, acting, confirm, typed, True
        )
    except DomainError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
    if (line := answered_line(result)) is not None:
        event = "confirm" if confirm else "deny"
        await tell_owner(deps, principal, f"{event}:{payment_id}", line)
    return presenters.answered_out(result)
