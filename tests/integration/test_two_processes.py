"""Two `arcflux run` processes in webhook mode on one PostgreSQL database, one fake Telegram.

Whatever a person sees is decided in the database, so it does not matter which process a
message reaches: a question asked by one is answered on the other, and an update delivered to
both acts once.
"""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from lab.fleet import Fleet
from storage.database import normalise_url
from tests.fleet import button_data, fleet_fixture, say, tap, texts  # noqa: F401

pytestmark = pytest.mark.postgres

ALICE, BOB, CAROL, BOB_STONE = 7101, 7102, 7103, 7104


async def onboard(fleet: Fleet, *, two_bobs: bool = False) -> None:
    """Alice, Bob and Carol (and a second Bob) open wallets, through process 1."""
    await fleet.deliver_to(1)
    await say(fleet, ALICE, "/start", "Alice", "alice")
    await say(fleet, BOB, "/start", "Bob", "bobby")
    await say(fleet, CAROL, "/start", "Carol", "carol")
    if two_bobs:
        await say(fleet, BOB_STONE, "/start", "Bob Stone", "bstone")


async def payments_in_database(fleet: Fleet) -> int:
    """How many payments the shared database holds."""
    engine = create_async_engine(normalise_url(fleet.database_url))
    try:
        async with engine.connect() as db:
            return int((await db.execute(text("SELECT count(*) FROM payments"))).scalar_one())
    finally:
        await engine.dispose()


async def test_both_processes_answer_and_a_killed_one_comes_back(fleet: Fleet) -> None:
    await fleet.deliver_to(1)
    welcome = await say(fleet, ALICE, "/start", "Alice", "alice")
    await fleet.deliver_to(2)
    first_help = await say(fleet, ALICE, "/help")
    deliveries = await fleet.telegram.wait_for_deliveries(2)  # logged once the POST returns
    assert [d["url"] for d in deliveries] == [fleet[1].webhook_url, fleet[2].webhook_url]
    assert all(d["status"] == 200 for d in deliveries)
    assert welcome["text"] != first_help["text"]

    await fleet[2].kill()
    assert not fleet[2].running
    await fleet[2].restart()
    again = await say(fleet, ALICE, "/help")
    assert texts([again]) == texts([first_help])  # the same help, from the revived process
    assert fleet[2].starts == 2


async def test_a_question_asked_by_one_process_is_answered_on_the_other(fleet: Fleet) -> None:
    await onboard(fleet)
    await fleet.deliver_to(1)
    asked = await say(fleet, ALICE, "pay bob")
    assert asked["text"] == "How much should I send to “Bob”?"

    await fleet.deliver_to(2)
    card = await say(fleet, ALICE, "5")
    assert (card["text"] or "").startswith("Pay 5.00 USDC to “Bob”?")
    assert "Confirm" in button_data(card)
    deliveries = await fleet.telegram.wait_for_deliveries(3 + 2)  # three /start, two from Alice
    assert deliveries[-1]["url"] == fleet[2].webhook_url


async def test_an_answer_goes_to_the_newest_question_whichever_process_asked_it(
    fleet: Fleet,
) -> None:
    await onboard(fleet)
    await fleet.deliver_to(1)
    assert (await say(fleet, ALICE, "pay bob"))["text"] == "How much should I send to “Bob”?"
    await fleet.deliver_to(2)
    assert (await say(fleet, ALICE, "pay carol"))["text"] == "How much should I send to “Carol”?"

    await fleet.deliver_to(1)  # the process that asked the older, superseded question
    card = await say(fleet, ALICE, "5")
    assert (card["text"] or "").startswith("Pay 5.00 USDC to “Carol”?")
    assert "Bob" not in (card["text"] or "")


async def test_a_which_one_tap_works_on_the_other_process(fleet: Fleet) -> None:
    await onboard(fleet, two_bobs=True)
    await fleet.deliver_to(1)
    ask = await say(fleet, ALICE, "pay bob 10")
    assert ask["text"] == "Which one do you mean?"

    await fleet.deliver_to(2)
    card = await tap(fleet, ALICE, ask, "“Bob Stone” (@bstone)")
    assert (card["text"] or "").startswith("Pay 10.00 USDC to “Bob Stone”?")
    assert "expired" not in (card["text"] or "")


async def test_one_update_delivered_to_both_processes_makes_one_proposal(fleet: Fleet) -> None:
    await onboard(fleet)
    before = await payments_in_database(fleet)
    await fleet.deliver_to(1, 2, duplicate=True)
    card = await say(fleet, ALICE, "pay bob 5")
    assert (card["text"] or "").startswith("Pay 5.00 USDC to “Bob”?")
    await fleet.telegram.wait_for_deliveries(3 + 2)  # three /start, then the pay to both
    await asyncio.sleep(2)  # time enough for a second card, were there one

    cards = [t for t in texts(await fleet.telegram.sent(ALICE)) if t.startswith("Pay 5.00")]
    assert len(cards) == 1
    assert await payments_in_database(fleet) == before + 1
    last_two = (await fleet.telegram.deliveries())[-2:]
    assert {d["url"] for d in last_two} == {fleet[1].webhook_url, fleet[2].webhook_url}
    assert [d["status"] for d in last_two] == [200, 200]  # the duplicate is acknowledged
