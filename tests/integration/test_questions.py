"""Questions about money are answered from the database."""

from decimal import Decimal

from bot.composition.container import Container
from core import people
from core.accounts import onboarding
from core.conversation import messages
from core.intent import Intent
from core.payments import proposals
from core.queries.ask import ask
from tests.fakes import FrozenClock

ALICE, BOB = 1, 2


async def pay_bob(container: Container, amount: str) -> None:
    deps = container.deps
    async with deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
        bob = await people.registered_user(uow, BOB)
    proposal = await proposals.propose(
        deps, payer, Intent(kind="pay", recipient=bob.id, amount=Decimal(amount))
    )
    p = proposal.payment
    await proposals.answer(deps, p.id, p.details_hash, ALICE, True)


async def setup(container: Container) -> str:
    await onboarding.start(container.deps, ALICE, "Alice Smith", "alice")
    return (await onboarding.start(container.deps, BOB, "Bob Jones", "bobby")).user.id


async def test_history_lists_finished_payments_newest_first(
    container: Container, clock: FrozenClock
) -> None:
    await setup(container)
    assert await ask(container.deps, ALICE, "history") == "You have no past payments yet."
    await pay_bob(container, "10")
    clock.advance(minutes=5)
    await pay_bob(container, "2.5")
    answer = await ask(container.deps, ALICE, "history")
    lines = answer.splitlines()
    assert lines[0] == "Your last 2 payment(s):"
    assert lines[1].startswith("• 2.50 USDC to Bob Jones, paid")
    assert lines[2].startswith("• 10.00 USDC to Bob Jones, paid")


async def test_history_can_be_filtered_to_one_payee(container: Container) -> None:
    bob_id = await setup(container)
    await onboarding.start(container.deps, 3, "Carol Diaz", "carol")
    answer = await ask(container.deps, 3, "history", bob_id)
    assert answer == "You haven't paid anyone to Bob Jones yet."


async def test_balance_and_upcoming_answers(container: Container) -> None:
    await setup(container)
    await pay_bob(container, "10")
    assert await ask(container.deps, ALICE, "balance") == "You have 990.00 USDC."
    assert await ask(container.deps, ALICE, "upcoming") == "You have no upcoming payments."


async def test_why_was_it_flagged_explains_the_guardian_reasons(container: Container) -> None:
    await setup(container)
    assert (
        await ask(container.deps, ALICE, "flagged") == "None of your recent payments was flagged."
    )
    await pay_bob(container, "10")
    outcome = await messages.handle_text(container.deps, ALICE, "why was my payment flagged?")
    assert isinstance(outcome, messages.Answer) and outcome.topic == "flagged"
    assert outcome.text == (
        "Your payment of 10.00 USDC to Bob Jones scored 20/100 (allow) because "
        "you have not paid this person before."
    )
