"""Open questions in the database: the newest one per person wins and is answered once."""

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.composition.container import Container
from core.handled_updates import UpdateClaim, handling
from core.intent import Intent
from core.pending import Pending, pending_for
from core.schedule import Schedule
from storage.pending_repos import intent_from_json, intent_to_json
from tests.fakes import FrozenClock

ALICE, BOB = 11, 12


def asking(recipient: str, clock: FrozenClock, **later: float) -> Pending:
    """A 'how much to <recipient>?' question asked ``later`` after the clock's time."""
    intent = Intent(kind="pay", recipient=recipient, missing=("amount",))
    return pending_for(f"pay {recipient}", intent, clock.now() + timedelta(**later))


async def test_a_newer_question_replaces_the_open_one(
    system: Container, clock: FrozenClock
) -> None:
    store = system.deps.clarifications
    await store.put(ALICE, asking("bob", clock))
    await store.put(ALICE, asking("carol", clock, seconds=1))
    taken = await store.take(ALICE, clock.now())
    assert taken is not None and taken.intent.recipient == "carol"
    assert await store.take(ALICE, clock.now()) is None  # answered once


async def test_an_older_question_arriving_late_never_reopens_over_a_newer_one(
    system: Container, clock: FrozenClock
) -> None:
    store = system.deps.clarifications
    await store.put(ALICE, asking("carol", clock, seconds=1))
    await store.put(ALICE, asking("bob", clock))  # a slow process, done late
    taken = await store.take(ALICE, clock.now())
    assert taken is not None and taken.intent.recipient == "carol"
    await store.put(ALICE, asking("bob", clock))  # even once the newer one was answered
    assert await store.take(ALICE, clock.now()) is None


async def test_questions_are_per_person_and_expire(system: Container, clock: FrozenClock) -> None:
    store = system.deps.clarifications
    await store.put(ALICE, asking("bob", clock))
    assert await store.take(BOB, clock.now()) is None
    assert await store.take(ALICE, clock.now() + timedelta(minutes=11)) is None


async def test_two_answers_at_once_take_the_question_once(
    system: Container, clock: FrozenClock
) -> None:
    store = system.deps.clarifications
    await store.put(ALICE, asking("bob", clock))
    taken = await asyncio.gather(*(store.take(ALICE, clock.now()) for _ in range(4)))
    assert sum(found is not None for found in taken) == 1


async def test_a_stored_question_keeps_every_detail(system: Container, clock: FrozenClock) -> None:
    intent = Intent(
        kind="pay",
        recipient_text="bob",
        amount=Decimal("12.345"),
        asset="EUR",
        schedule=Schedule(datetime(2026, 3, 6, 9, tzinfo=UTC), "Europe/Paris", "FREQ=WEEKLY", 4),
        note="rent",
        missing=("recipient",),
        candidates=("u1", "u2"),
        max_runs=4,
        total_budget=Decimal(50),
        amount_doubts=("7", "9"),
    )
    asked = Pending("pay bob 12.345 eur", intent, clock.now() + timedelta(minutes=10), "u2")
    await system.deps.clarifications.put(ALICE, asked)
    taken = await system.deps.clarifications.take(ALICE, clock.now())
    assert taken is not None
    assert (taken.text, taken.intent, taken.chosen_payee) == (asked.text, intent, "u2")
    assert intent_from_json(intent_to_json(intent)) == intent


async def test_a_redelivered_update_finds_the_question_it_was_answering(
    system: Container, clock: FrozenClock
) -> None:
    store = system.deps.clarifications
    await store.put(ALICE, asking("bob", clock))
    with handling(UpdateClaim(9, "a" * 16, clock.now())):  # its process dies after this take
        assert await store.take(ALICE, clock.now()) is not None
    with handling(UpdateClaim(9, "b" * 16, clock.now())):  # the same update, taken over
        again = await store.take(ALICE, clock.now())
    assert again is not None and again.intent.recipient == "bob"
    with handling(UpdateClaim(10, "c" * 16, clock.now())):  # any other message: answered
        assert await store.take(ALICE, clock.now()) is None
