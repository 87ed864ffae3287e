"""A chat message in, a structured outcome out: the pipeline every door shares."""

import re
from dataclasses import dataclass

from core.intent import Intent
from core.usecases.answers import Topic
from core.usecases.ask import ask
from core.usecases.deps import Deps
from core.usecases.payments import Proposal, intent_context, propose, registered_user

# "why was my payment flagged?" — a question about the guardian, answered from its records.
_WHY_FLAGGED = re.compile(
    r"\bwhy\b.*\b(flag\w*|risk\w*|block\w*|step.?up|review\w*|warn\w*)", re.IGNORECASE
)


@dataclass(frozen=True)
class NotUnderstood:
    """The message was not a request ArcFlux handles."""

    intent: Intent


@dataclass(frozen=True)
class Answer:
    """A plain-sentence answer to a question about the user's money."""

    topic: Topic
    text: str


@dataclass(frozen=True)
class HelpWanted:
    """The user asked what the bot can do."""


@dataclass(frozen=True)
class NotYetSupported:
    """A known intent whose feature has not landed yet."""

    intent: Intent


Outcome = Proposal | Answer | HelpWanted | NotUnderstood | NotYetSupported


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
    if intent.kind in ("balance", "upcoming", "history"):
        topic: Topic = intent.kind
        payee = intent.recipient if intent.kind == "history" else None
        return Answer(topic, await ask(deps, telegram_id, topic, payee))
    if _WHY_FLAGGED.search(text):
        return Answer("flagged", await ask(deps, telegram_id, "flagged"))
    if intent.kind == "help":
        return HelpWanted()
    if intent.kind == "unknown":
        return NotUnderstood(intent)
    return NotYetSupported(intent)
