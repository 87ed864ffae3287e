"""Two `arcflux run` processes in webhook mode on one PostgreSQL database, one fake Telegram."""

import pytest

from lab.fleet import Fleet
from tests.fleet import fleet_fixture, texts  # noqa: F401

pytestmark = pytest.mark.postgres

ALICE = 7101


async def test_both_processes_answer_and_a_killed_one_comes_back(fleet: Fleet) -> None:
    await fleet.deliver_to(1)
    await fleet.telegram.inject_message(ALICE, "/start", "Alice", "alice")
    first = await fleet.telegram.wait_for_sent(ALICE, 1, within=20)
    await fleet.deliver_to(2)
    await fleet.telegram.inject_message(ALICE, "/help", "Alice", "alice")
    both = await fleet.telegram.wait_for_sent(ALICE, len(first) + 1, within=20)
    deliveries = await fleet.telegram.deliveries()
    assert [d["url"] for d in deliveries] == [fleet[1].webhook_url, fleet[2].webhook_url]
    assert all(d["status"] == 200 for d in deliveries)

    await fleet[2].kill()
    assert not fleet[2].running
    await fleet[2].restart()
    await fleet.telegram.inject_message(ALICE, "/help", "Alice", "alice")
    again = await fleet.telegram.wait_for_sent(ALICE, len(both) + 1, within=20)
    assert texts(again)[-1] == texts(both)[-1]  # the same help, from the revived process
    assert fleet[2].starts == 2
