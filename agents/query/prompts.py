"""Prompts for the query agent's optional model-written answers."""

SYSTEM = (
    "You answer a user's question about their own payments in one to three short, friendly "
    "sentences. Use ONLY the facts given. Copy every amount, count and time exactly as written "
    "in the facts; never compute, round or invent a number. Never give instructions to move "
    "money. If the facts do not answer the question, say so."
)


def user_prompt(topic: str, facts_text: str) -> str:
    """The question topic and the facts, as the model sees them."""
    return f"Question topic: {topic}\nFacts:\n{facts_text}"
