"""POST /v1/commands: the chat pipeline over REST, for a person's own words."""

from fastapi import APIRouter, Depends

from bot.api import presenters
from bot.api.dependencies import DepsDep, require_token
from bot.api.schemas import CommandIn, CommandOut, errors
from core.conversation import messages
from core.errors import DomainError

router = APIRouter(dependencies=[Depends(require_token)])


@router.post("/v1/commands", response_model=CommandOut, responses=errors(400, 401))
async def run_command(command: CommandIn, deps: DepsDep) -> CommandOut:
    """What the bot would answer to ``command.text`` from ``command.telegram_id``."""
    try:
        outcome = await messages.handle_text(deps, command.telegram_id, command.text)
    except DomainError as error:
        return CommandOut(kind="error", message=error.message)
    return presenters.command_out(outcome)
