"""Answer a question about the user's money from the database."""

from core.usecases.answers import Topic, template_answer
from core.usecases.deps import Deps
from core.usecases.reports import gather


async def ask(deps: Deps, telegram_id: int, topic: Topic, payee_id: str | None = None) -> str:
    """Facts from the database, phrased by the query agent (or the templates)."""
    facts = await gather(deps, telegram_id, topic, payee_id)
    if deps.answerer is None:
        return template_answer(topic, facts)
    return await deps.answerer.answer(topic, facts)
