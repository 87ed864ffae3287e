"""One leader on PostgreSQL: an advisory lock that changes hands when its holder goes away."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from storage.database import create_engine
from storage.leadership import LEADER_LOCK_ID, AdvisoryLeadership
from tests.pg import fresh_database, require_server


@pytest.fixture
async def url() -> AsyncIterator[str]:
    async with fresh_database(require_server()) as fresh:
        yield fresh


async def test_the_first_process_leads_and_the_second_waits(url: str) -> None:
    first, second = AdvisoryLeadership(url), AdvisoryLeadership(url)
    try:
        assert await first.refresh() is True
        assert await second.refresh() is False
        assert await first.refresh() is True  # holding, it stays the leader
        assert await second.refresh() is False
        assert (first.is_leader, second.is_leader) == (True, False)
    finally:
        await first.release()
        await second.release()


async def test_a_leader_that_stops_hands_over_to_the_next_that_asks(url: str) -> None:
    first, second = AdvisoryLeadership(url), AdvisoryLeadership(url)
    try:
        assert await first.refresh() is True
        await first.release()
        assert first.is_leader is False
        assert await second.refresh() is True
    finally:
        await second.release()


async def test_a_leader_whose_connection_dies_loses_the_lead_to_the_other(url: str) -> None:
    first, second = AdvisoryLeadership(url), AdvisoryLeadership(url)
    admin = create_engine(url)
    try:
        assert await first.refresh() is True
        async with admin.connect() as connection:  # the leader's session ends, as on a kill -9
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND objid = :id AND granted"
                ),
                {"id": LEADER_LOCK_ID},
            )
        assert await second.refresh() is True
        assert await first.refresh() is False  # it notices, and does not lead alongside
        assert await first.refresh() is False  # nor take the lock back while it is held
    finally:
        await first.release()
        await second.release()
        await admin.dispose()
