"""Two `arcflux run` processes on one PostgreSQL: operator controls, incidents and the leader."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from lab.fleet import Fleet, FleetMember, build_fleet
from storage.database import create_engine
from tests.fleet import FLEET_ENV, texts
from tests.pg import fresh_database, require_server

pytestmark = pytest.mark.postgres

OLGA = 7201  # the operator


async def _started(tmp_path: Path, env: dict[str, str]) -> AsyncIterator[Fleet]:
    async with fresh_database(require_server()) as url:
        fleet = build_fleet(url, tmp_path, processes=2, extra_env=FLEET_ENV | env)
        try:
            await fleet.start()
            yield fleet
        finally:
            await fleet.aclose()


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Fleet]:
    """Two processes, Olga their operator, and the leader's simulated traffic running."""
    env = {"OPERATOR_CHAT_IDS": str(OLGA), "TRAFFIC_TPS": "40"}
    async for started in _started(tmp_path, env):
        yield started


async def eventually(check: Callable[[], Awaitable[bool]], within: float, what: str) -> None:
    began = time.monotonic()
    while time.monotonic() - began < within:
        if await check():
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"not within {within:.0f} s: {what}")


async def say(fleet: Fleet, number: int, words: str) -> str:
    """Olga writes to process ``number``; its reply."""
    await fleet.deliver_to(number)
    before = len(await fleet.telegram.sent(OLGA))
    await fleet.telegram.inject_message(OLGA, words, "Olga", "olga")
    rows = await fleet.telegram.wait_for_sent(OLGA, before + 1, within=20)
    return texts(rows)[-1]


async def leads(member: FleetMember) -> bool:
    async with httpx.AsyncClient(base_url=member.base_url, timeout=5) as http:
        try:
            return bool((await http.get("/healthz")).json()["leader"])
        except httpx.TransportError:
            return False


async def the_leader(fleet: Fleet) -> int:
    """The number of the process that leads, once one does."""
    found: list[int] = []

    async def one_leads() -> bool:
        found[:] = [n for n in (1, 2) if await leads(fleet[n])]
        return len(found) == 1

    await eventually(one_leads, 20, "exactly one process leads")
    return found[0]


async def incidents_on(fleet: Fleet, gateway: str) -> int:
    engine = create_engine(fleet.database_url)
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(
                text("SELECT count(*) FROM incidents WHERE gateway = :g"), {"g": gateway}
            )
            return int(found or 0)
    finally:
        await engine.dispose()


async def alerts(fleet: Fleet, gateway: str) -> list[str]:
    said = texts(await fleet.telegram.sent(OLGA))
    return [t for t in said if t.startswith(f"Incident on {gateway}")]


async def test_a_breaker_opened_on_one_process_shows_and_routes_on_the_other(
    fleet: Fleet,
) -> None:
    before = await say(fleet, 2, "/gateways")
    assert "circle: closed" in before
    reply = await say(fleet, 1, "/breaker circle open")
    assert reply == "circle's breaker is open on every process; its traffic goes elsewhere."
    # Process 2 follows the stored override within its 2 s poll; the cool-down is 10 s.
    seen = await say(fleet, 2, "/gateways")
    if "circle: open" not in seen:
        await asyncio.sleep(2.5)
        seen = await say(fleet, 2, "/gateways")
    line = next(line for line in seen.splitlines() if line.startswith("• circle"))
    # Open, and out of process 2's USDC split ("—": no share of first attempts).
    assert line.startswith("• circle: open, ") and ", —, " in line
    stripe = next(line for line in seen.splitlines() if line.startswith("• stripe"))
    assert ", 100%, " in stripe  # its USDC traffic all goes to the other carrier


async def test_one_outage_is_one_incident_and_one_alert_whichever_process_is_told(
    fleet: Fleet,
) -> None:
    leader = await the_leader(fleet)
    follower = 3 - leader
    reply = await say(fleet, follower, "/chaos circle fail 1")
    assert reply == "circle now fails 100% of attempts (error) on every process."

    async def alerted() -> bool:
        return len(await alerts(fleet, "circle")) >= 1

    await eventually(alerted, 60, "an alert about circle")
    await asyncio.sleep(12)  # two more routing cycles on the leader: no second incident
    assert len(await alerts(fleet, "circle")) == 1
    assert await incidents_on(fleet, "circle") == 1


async def test_the_leaders_death_hands_its_duties_to_the_other_process(fleet: Fleet) -> None:
    leader = await the_leader(fleet)
    survivor = 3 - leader
    assert not await leads(fleet[survivor])
    await fleet[leader].kill()

    async def took_over() -> bool:
        return await leads(fleet[survivor])

    await eventually(took_over, 15, f"process {survivor} leads after process {leader} died")
    # Its duties moved too: simulated traffic and the routing agent now run on the survivor.
    reply = await say(fleet, survivor, "/chaos circle fail 1")
    assert reply.startswith("circle now fails 100%")

    async def alerted() -> bool:
        return len(await alerts(fleet, "circle")) == 1

    await eventually(alerted, 60, "the new leader's alert about circle")
    await fleet[leader].restart()
    assert not await leads(fleet[leader])  # the lock stays with the survivor
