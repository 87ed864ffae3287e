"""A chat message in, a structured outcome out: the pipeline every door shares."""

import re
from dataclasses import dataclass, replace

from core.audit import Actor, Door
from core.conversation import clarify
from core.conversation.clarify import Clarification
from core.deps import Deps
from core.entities import User
from core.errors import DomainError, ReadOnly
from core.facts import Topic
from core.intent import Intent, IntentContext, IntentKind
from core.parsing.suggestions import SUGGESTABLE, suggested_intents
from core.payments.cancel import CancelResult, cancel_from_chat
from core.payments.proposals import Proposal, payer_in_context, propose
from core.pending import pending_for
from core.queries.ask import answer_for

# "why was my payment flagged?" — a question about the guardian, answered from its records.
_WHY_FLAGGED = re.compile(
    r"\bwhy\b.*\b(flag\w*|risk\w*|block\w*|step.?up|review\w*|warn\w*)", re.IGNORECASE
)


@dataclass(frozen=True)
class NotUnderstood:
    """The message was not a request ArcFlux handles; ``suggestions`` are intents to offer."""

    intent: Intent
    suggestions: tuple[IntentKind, ...] = ()


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


Outcome = (
    Proposal | Answer | Clarification | CancelResult | HelpWanted | NotUnderstood | NotYetSupported
)


async def _pay_or_ask(
    deps: Deps,
    payer: User,
    text: str,
    intent: Intent,
    context: IntentContext,
    by: tuple[Actor | None, Door],
) -> Proposal | Clarification:
    question = clarify.question_for(intent, context)
    if question is None:
        return await propose(deps, payer, intent, actor=by[0], door=by[1])
    telegram_id = payer.telegram_id
    asked = clarify.without_doubts(text, intent.amount_doubts)  # the answer is the only amount
    await deps.clarifications.put(telegram_id, pending_for(asked, intent, context.now))
    return question


async def choose_payee(deps: Deps, telegram_id: int, contact_id: str) -> Outcome:
    """A tap on one of the 'which one do you mean?' buttons."""
    async with deps.uow(read_only=True) as uow:
        payer, context = await payer_in_context(deps, uow, telegram_id)
    pending = await deps.clarifications.take(telegram_id, context.now)
    if pending is None or contact_id not in pending.intent.candidates:
        if pending is not None:  # a stale button: the open question stays answerable
            await deps.clarifications.put(telegram_id, pending)
        raise DomainError("That choice has expired; please send the payment again.")
    chosen = replace(pending, chosen_payee=contact_id)
    intent = clarify.apply_choice(pending.intent, chosen)
    question = clarify.question_for(intent, context)
    if question is None:
        return await propose(deps, payer, intent)
    await deps.clarifications.put(telegram_id, replace(chosen, intent=intent))
    return question


# What a tap on a suggestion button says, in the words the pipeline already understands.
_SUGGESTION_WORDS: dict[IntentKind, str] = {
    "balance": "balance",
    "upcoming": "upcoming",
    "history": "history",
    "pay": "pay",
    "help": "help",
}


async def run_suggestion(deps: Deps, telegram_id: int, kind: IntentKind) -> Outcome:
    """A tap on a suggestion button: run that intent for the person who tapped."""
    if kind not in SUGGESTABLE:
        raise DomainError("That button is not valid.")
    return await handle_text(deps, telegram_id, _SUGGESTION_WORDS[kind])


async def handle_text(
    deps: Deps,
    telegram_id: int,
    text: str,
    changes: bool = True,
    actor: Actor | None = None,
    door: Door = Door.TELEGRAM,
) -> Outcome:
    """Interpret ``text`` from a registered user and carry out what it asks.

    ``changes=False`` (a read-only token) answers questions but refuses to pay or cancel;
    ``actor`` and ``door`` name who acted in the audit trail (default: the person via Telegram).
    Raises DomainError subclasses with a plain sentence for anything the user got wrong.
    """
    async with deps.uow(read_only=True) as uow:
        payer, context = await payer_in_context(deps, uow, telegram_id)
    pending = await deps.clarifications.take(telegram_id, context.now)
    intent = await deps.interpreter.interpret(text, context)
    if pending is not None and clarify.continues(intent, text):
        text = clarify.merged_text(pending, text)
        intent = clarify.apply_choice(await deps.interpreter.interpret(text, context), pending)
    if not changes and intent.kind in ("pay", "cancel"):
        raise ReadOnly("This token can only read; nothing was paid or cancelled.")
    if intent.kind == "pay":
        return await _pay_or_ask(deps, payer, text, intent, context, (actor, door))
    if intent.kind in ("balance", "upcoming", "history"):
        topic: Topic = intent.kind
        payee = intent.recipient if intent.kind == "history" else None
        return Answer(topic, await answer_for(deps, payer, topic, payee))
    if _WHY_FLAGGED.search(text):
        return Answer("flagged", await answer_for(deps, payer, "flagged"))
    if intent.kind == "cancel":
        return await cancel_from_chat(deps, telegram_id, intent, text, actor=actor, door=door)
    if intent.kind == "help":
        return HelpWanted()
    if intent.kind == "unknown":
        return NotUnderstood(intent, suggested_intents(text, context.contacts))
    return NotYetSupported(intent)
