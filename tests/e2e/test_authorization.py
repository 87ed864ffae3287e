"""The authorization table, cell by cell, against the real bot and API; and its page."""

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.composition.container import Container
from core.tokens import use_cases as tokens
from lab.offline_telegram import OfflineChat, SentCall, buttons
from tests.conftest import OPERATOR_ID
from tests.e2e.authorization import ACTORS, REST_ACTORS, REST_ROWS, ROWS, Row, render
from tests.e2e.test_incidents import alerts, operations, traffic
from tests.fakes import FrozenClock

PAGE = Path(__file__).resolve().parents[2] / "docs" / "authorization.md"
STRANGER_ID = 99_123


def said(calls: list[SentCall]) -> str:
    """Everything the bot said back: messages, edits, captions, toasts."""
    keys = ("text", "caption")
    return " | ".join(str(c.params[k]) for c in calls for k in keys if c.params.get(k))


class World:
    """Alice, Bob, Mallory and Olga (operator) registered; Eve never was."""

    def __init__(self, chat: OfflineChat, http: httpx.AsyncClient, clock: FrozenClock) -> None:
        self.chat, self.http, self.clock = chat, http, clock
        make = chat.updates.user
        self.alice = make(7001, "Alice", "alice")
        self.actors = {
            "stranger": make(STRANGER_ID, "Eve", "eve"),
            "user": self.alice,
            "other user": make(7003, "Mallory", "mallory"),
            "operator": make(OPERATOR_ID, "Olga", "ops_olga"),
        }
        self.bob = make(7002, "Bob", "bobby")

    async def onboard(self) -> None:
        for person in (self.alice, self.bob, self.actors["other user"], self.actors["operator"]):
            await self.say(person, "/start")

    async def say(self, person: dict[str, Any], text: str) -> list[SentCall]:
        self.clock.advance(minutes=1)  # one message a minute: the flood guard stays out of it
        return await self.chat.say(person, text)

    async def tap(self, person: dict[str, Any], data: str) -> list[SentCall]:
        self.clock.advance(minutes=1)
        return await self.chat.tap(person, data, 1, person["id"])

    async def card(self, text: str = "pay bob 5") -> dict[str, str]:
        return buttons((await self.say(self.alice, text))[0])

    async def mint(self, container: Container) -> None:
        """A bearer token for each REST actor (none for "no token")."""
        store, clock, ids = container.tokens, container.deps.clock, container.deps.ids
        alice, mallory = self.alice["id"], self.actors["other user"]["id"]
        made = {
            "own read token": await tokens.make_personal(store, clock, ids, alice, "r", "read"),
            "own pay token": await tokens.make_personal(store, clock, ids, alice, "p", "pay"),
            "other's pay token": await tokens.make_personal(store, clock, ids, mallory, "p", "pay"),
            "service read token": await tokens.make_service(store, clock, ids, "reader", "read"),
            "service ops token": await tokens.make_service(store, clock, ids, "ops", "ops"),
        }
        self.headers = {k: {"Authorization": f"Bearer {m.raw}"} for k, m in made.items()}

    async def rest(self, actor: str, method: str, url: str, body: Any = None) -> str:
        headers = self.headers.get(actor, {})
        self.clock.advance(minutes=1)
        response = await self.http.request(method, url, json=body, headers=headers)
        if response.content.startswith(b"\x89PNG"):
            return "PNG"
        return response.text

    async def alices_payment(self, text: str = "pay bob 5") -> dict[str, Any]:
        """A fresh proposal of Alice's, made through her pay token."""
        made = await self.rest("own pay token", "POST", "/v1/commands", {"text": text})
        payment: dict[str, Any] = httpx.Response(200, content=made).json()["payment"]
        return payment


async def observe(world: World, row: Row, actor: str, shared: dict[str, Any]) -> str:
    """What ``actor`` gets at ``row``'s door (fresh artifacts where a success would consume one)."""
    who = world.actors[actor]
    if row.kind == "command":
        return said(await world.say(who, row.door.removesuffix(" (text)")))
    if row.door.startswith("pay:"):
        card = await world.card()
        return said(await world.tap(who, card["Confirm" if "ok" in row.door else "Deny"]))
    if row.door.startswith("ser:"):
        if "cancel" not in shared:  # one series: ownership is checked before its state
            card = await world.card("pay bob 5 every friday")
            await world.tap(world.alice, card["Confirm"])
            listing = (await world.say(world.alice, "/payments"))[0]
            [shared["cancel"]] = [d for label, d in buttons(listing).items() if "Cancel" in label]
        return said(await world.tap(who, shared["cancel"]))
    if row.door.startswith("rev:"):
        if "request" not in shared:  # once: the operator (last) approves the same request
            world.clock.current = world.clock.current.replace(hour=3)  # night: review band
            calls = await world.say(world.alice, "pay bob 950 usdc")
            [request] = [c for c in calls if c.params.get("chat_id") == OPERATOR_ID]
            shared["request"] = buttons(request)["Approve" if ":ok" in row.door else "Reject"]
        return said(await world.tap(who, shared["request"]))
    if row.door.startswith("inc:"):
        if "alert" not in shared:
            container: Container = shared["container"]
            ops, time = operations(container, world.chat)
            ops.fleet.gateways["circle"].set_failure(1.0, "error")
            await traffic(ops, time, 200, "storm")
            await ops.cycle()
            [alert] = await alerts(container, world.chat)
            shared["alert"] = buttons(alert)
        label = "Acknowledge" if ":ack" in row.door else "Chart"
        return said(await world.tap(who, shared["alert"][label]))
    if row.door.startswith("pg:"):
        if "page" not in shared:  # Alice has more upcoming payments than one page shows
            for day in range(1, 8):
                card = await world.card(f"pay bob {day} every week")
                await world.tap(world.alice, card["Confirm"])
            listing = (await world.say(world.alice, "/payments"))[0]
            shared["page"] = buttons(listing)["Next ›"]
        return said(await world.tap(who, shared["page"]))
    if row.door.startswith("who:"):
        if "choice" not in shared:  # a second Bob makes "bob" ambiguous for Alice
            await world.say(world.chat.updates.user(7004, "Bob", "bob_two"), "/start")
            question = (await world.say(world.alice, "pay bob 5"))[0]
            shared["choice"] = next(d for d in buttons(question).values() if d.startswith("who:"))
        return said(await world.tap(who, shared["choice"]))
    return said(await world.tap(who, "pay:ok:forged"))


async def observe_rest(world: World, row: Row, actor: str, shared: dict[str, Any]) -> str:
    """What the holder of ``actor``'s token gets at ``row``'s route."""
    method, path = row.door.split(" (")[0].split(" ", 1)
    # Mallory's token names Alice where a route takes a telegram_id; a service token too.
    naming = {"telegram_id": world.alice["id"]} if "own" not in actor else {}
    if path.endswith("/cancel"):
        if "series" not in shared:  # one series: ownership and scope are checked first
            series = await world.alices_payment("pay bob 5 every friday")
            await world.rest(
                "own pay token",
                "POST",
                f"/v1/payments/{series['id']}/confirm",
                {"details_hash": series["details_hash"]},
            )
            shared["series"] = series["id"]
        body = {} if actor == "other's pay token" else naming
        return await world.rest(actor, method, path.replace("{id}", shared["series"]), body)
    if "{id}" in path and "audit" not in path:
        payment = await world.alices_payment()
        body = {"details_hash": payment["details_hash"]}
        body |= {} if actor == "other's pay token" else naming  # Mallory answers as herself
        return await world.rest(actor, method, path.replace("{id}", payment["id"]), body)
    if "audit" in path:
        path = path.replace("{id}", (await world.alices_payment())["id"])
        return await world.rest(actor, method, path)
    if path.startswith("/v1/charts/"):
        path += f"?telegram_id={world.alice['id']}" if naming else ""
        return await world.rest(actor, method, path)
    text = row.door.split(" (")[1].rstrip(")") if "(" in row.door else None
    body = {
        "/v1/commands": {"text": text, **naming},
        "/v1/gateways/{name}/chaos": {"action": "restore"},
    }.get(path)
    return await world.rest(actor, method, path.replace("{name}", "circle"), body)


@pytest.mark.parametrize(
    "row", ROWS + REST_ROWS, ids=[f"{r.kind}:{r.door}" for r in ROWS + REST_ROWS]
)
async def test_each_actor_gets_what_the_table_says(
    row: Row,
    chat: OfflineChat,
    http: httpx.AsyncClient,
    clock: FrozenClock,
    container: Container,
) -> None:
    world = World(chat, http, clock)
    await world.onboard()
    await world.mint(container)
    shared: dict[str, Any] = {"container": container}
    wrong = []
    rest = row.kind == "route"
    for actor, cell in zip(REST_ACTORS if rest else ACTORS, row.cells, strict=True):
        got = await (observe_rest if rest else observe)(world, row, actor, shared)
        if cell.says not in got:
            wrong.append(f"{actor}: expected {cell.says!r} ({cell.verdict}), got {got[:200]!r}")
    assert not wrong, "\n".join(wrong)
    async with container.deps.uow() as uow:  # strangers never got a wallet along the way
        assert await uow.users.by_telegram_id(STRANGER_ID) is None or row.door == "/start"


def test_the_page_is_the_table() -> None:
    if os.environ.get("ARCFLUX_WRITE_DOCS"):
        PAGE.write_text(render())
    assert PAGE.read_text() == render(), "regenerate: ARCFLUX_WRITE_DOCS=1 pytest " + __file__
