"""Answer a question about the user's money from the database."""

from core.deps import Deps
from core.entities import User
from core.facts import Topic
from core.people import registered_user
from core.queries.answers import template_answer
from core.queries.gather import gather


async def ask(deps: Deps, telegram_id: int, topic: Topic, payee_id: str | None = None) -> str:
    """Facts from the database, phrased by the query agent (or the templates)."""
    async with deps.uow(read_only=True) as uow:
        payer = await registered_user(uow, telegram_id)
    return await answer_for(deps, payer, topic, payee_id)


async def answer_for(deps: Deps, payer: User, topic: Topic, payee_id: str | None = None) -> str:
    """``ask`` for a payer already read (the chat pipeline has them; users never change)."""
    facts = await gather(deps, payer, topic, payee_id)
    if deps.answerer is None:
        return template_answer(topic, facts)
    return await deps.answerer.answer(topic, facts)
