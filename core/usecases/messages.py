"""A chat message in, a structured outcome out: the pipeline every door shares."""

from dataclasses import dataclass

from core.intent import Intent
from core.usecases.deps import Deps
from core.usecases.payments import Proposal, intent_context, propose, registered_user
from core.usecases.queries import BalanceView, balance


@dataclass(frozen=True)
class NotUnderstood:
    """The message was not a request ArcFlux handles."""

    intent: Intent


@dataclass(frozen=True)
class HelpWanted:
    """The user asked what the bot can do."""


@dataclass(frozen=True)
class NotYetSupported:
    """A known intent whose feature has not landed yet."""

    intent: Intent


Outcome = Proposal | BalanceView | HelpWanted | NotUnderstood | NotYetSupported


async def handle_text(deps: Deps, telegram_id: int, text: str) -> Outcome:
    """Interpret ``text`` from a registered user and carry out what it asks.

    Raises DomainError subclasses with a plain sentence for anything the user got wrong.
    """
    async with deps.uow() as uow:
        payer = await registered_user(uow, telegram_id)
        context = await intent_context(deps, uow, payer)
    intent = await deps.interpreter.interpret(text, context)
    if intent.kind == "pay":
        return await propose(deps, payer, intent)
    if intent.kind == "balance":
        return await balance(deps, telegram_id)
    if intent.kind == "help":
        return HelpWanted()
    if intent.kind == "unknown":
        return NotUnderstood(intent)
    return NotYetSupported(intent)
