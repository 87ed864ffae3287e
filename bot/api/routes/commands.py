"""POST /v1/commands: the chat pipeline over REST, for a personal token's owner's own words."""

from fastapi import APIRouter

from bot.api import presenters
from bot.api.auth import forbidden
from bot.api.dependencies import ActorDep, DepsDep, PrincipalDep, person_of
from bot.api.schemas import CommandIn, CommandOut, errors
from core.audit import Door
from core.conversation import messages
from core.errors import DomainError, ReadOnly
from core.payments.cancel import CancelResult
from core.principal import may_pay
from core.tokens.told import cancelled_lines, tell_owner

router = APIRouter()


@router.post("/v1/commands", response_model=CommandOut, responses=errors(400, 401, 403))
async def run_command(
    command: CommandIn, deps: DepsDep, principal: PrincipalDep, actor: ActorDep
) -> CommandOut:
    """What the bot would answer the token's owner for ``command.text``."""
    acting = person_of(principal, command.telegram_id)
    try:
        outcome = await messages.handle_text(
            deps, acting, command.text, changes=may_pay(principal), actor=actor, door=Door.REST
        )
    except ReadOnly as error:
        raise forbidden(error.message) from None
    except DomainError as error:
        return CommandOut(kind="error", message=error.message)
    if isinstance(outcome, CancelResult):
        for payment_id, line in cancelled_lines(outcome):
            await tell_owner(deps, principal, f"cancel:{payment_id}", line)
    return presenters.command_out(outcome)
