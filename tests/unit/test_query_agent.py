"""The query agent keeps the template unless the model's wording adds no number."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from agents.query import QueryAgent
from agents.query.nodes import numbers_in
from core.entities import User
from core.facts import Facts, PastRun

FACTS = Facts(
    user=User("u1", 1, "Alice"),
    balance=Decimal("990"),
    asset="USDC",
    history=(
        PastRun("Bob", Decimal(10), "USDC", datetime(2026, 3, 4, 10, tzinfo=UTC), True, None),
    ),
)


@dataclass
class FakeLlm:
    reply: str | None

    async def text(self, system: str, user: str) -> str | None:
        return self.reply


def test_numbers_are_compared_without_separators() -> None:
    assert numbers_in("You have 1,250.50 USDC, 3 payments.") == {"1250.50", "3"}


async def test_without_a_model_the_template_answers() -> None:
    assert await QueryAgent().answer("balance", FACTS) == "You have 990.00 USDC."


async def test_a_model_answer_that_keeps_the_numbers_is_used() -> None:
    agent = QueryAgent(FakeLlm("Right now your wallet holds 990.00 USDC."))  # type: ignore[arg-type]
    assert await agent.answer("balance", FACTS) == "Right now your wallet holds 990.00 USDC."


async def test_a_model_answer_with_an_invented_number_is_discarded() -> None:
    agent = QueryAgent(FakeLlm("You have 9,900.00 USDC, enough for 12 more payments."))  # type: ignore[arg-type]
    assert await agent.answer("balance", FACTS) == "You have 990.00 USDC."


async def test_no_model_answer_falls_back_to_the_template() -> None:
    agent = QueryAgent(FakeLlm(None))  # type: ignore[arg-type]
    assert (await agent.answer("history", FACTS)).startswith("Your last 1 payment(s):")
