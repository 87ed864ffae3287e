"""What a process that does not lead says and does; overrides it cannot read are waited out."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.composition.container import Container
from core.routing.overrides import Override
from lab.offline_telegram import OfflineChat
from tests.e2e.conftest import API_HEADERS

People = dict[str, dict[str, Any]]


class Follower:
    """Another process holds the lead."""

    shared = True
    is_leader = False

    async def refresh(self) -> bool:
        return False

    async def release(self) -> None:
        return None


class Unreadable:
    """An override store whose database is down."""

    async def put(
        self, key: str, value: dict[str, Any], at: datetime, actor: str, recorded: Any = None
    ) -> int:
        raise ConnectionError("database down")

    async def current(self) -> Sequence[Override]:
        raise ConnectionError("database down")


async def test_health_says_whether_the_process_leads(container: Container, http: Any) -> None:
    assert (await http.get("/healthz")).json() == {"status": "ok", "leader": True}
    container.ops.leadership = Follower()
    assert (await http.get("/healthz")).json() == {"status": "ok", "leader": False}


async def test_a_follower_leaves_routing_cycles_to_the_leader(
    container: Container, chat: OfflineChat, people: People, http: Any
) -> None:
    container.ops.leadership = Follower()
    [reply] = await chat.say(people["olga"], "/agent")
    assert reply.params["text"].startswith("The routing agent runs on the leading process")
    refused = await http.post("/v1/routing/cycle", headers=API_HEADERS)
    assert refused.status_code == 409


async def test_overrides_that_cannot_be_read_are_followed_later(container: Container) -> None:
    container.ops.overrides = Unreadable()
    assert await container.ops.follow_overrides() == []
    assert await container.ops.follow_overrides() == []  # and no exception either time
