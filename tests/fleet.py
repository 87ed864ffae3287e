"""Two real service processes in webhook mode on a fresh PostgreSQL database, as a fixture.

Use it in a test module with `from tests.fleet import fleet_fixture  # noqa: F401` and ask for
`fleet`: a started lab.fleet.Fleet (fake Telegram + `arcflux run` ×2), skipped unless
ARCFLUX_TEST_PG_URL names a PostgreSQL server. Updates alternate between the two processes
until the test calls `fleet.deliver_to(...)`; `fleet[1].kill()` / `fleet[2].restart()` crash
and revive one of them.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lab.fakebot.client import SentRecord
from lab.fleet import Fleet, build_fleet
from tests.pg import fresh_database, require_server

FLEET_ENV = {
    "SANDBOX": "true",  # play credits, so a card can be confirmed and paid
    "TICK_SECONDS": "0.5",
    "ROUTING_CYCLE_SECONDS": "5",
    "SIMULATION_SEED": "7",
}


@pytest.fixture(name="fleet")
async def fleet_fixture(tmp_path: Path) -> AsyncIterator[Fleet]:
    """Fake Telegram plus two `arcflux run` processes sharing one fresh PostgreSQL database."""
    async with fresh_database(require_server()) as url:
        fleet = build_fleet(url, tmp_path, processes=2, extra_env=FLEET_ENV)
        try:
            await fleet.start()
            yield fleet
        finally:
            await fleet.aclose()


def texts(sent: list[SentRecord]) -> list[str]:
    """What the bot wrote, in order (message texts and photo captions)."""
    return [row["text"] or row["caption"] or "" for row in sent]


def button_data(row: SentRecord) -> dict[str, str]:
    """A sent message's inline buttons: label → callback data."""
    markup = row["reply_markup"] or {}
    return {
        button["text"]: button["callback_data"]
        for line in markup.get("inline_keyboard", [])
        for button in line
        if "callback_data" in button
    }
