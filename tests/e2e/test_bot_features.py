"""/help and the command menu, /chart photos, the flood guard and the error handler."""

import json
from typing import Any

import httpx
import pytest
from telegram.ext import CommandHandler

from bot.composition.container import Container
from bot.telegram import commands
from bot.telegram.flood import SLOW_DOWN
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.conftest import API_HEADERS, OPERATOR_ID, WEBHOOK_HEADERS, token_headers
from tests.fakes import FrozenClock

PNG = b"\x89PNG\r\n\x1a\n"


async def test_help_lists_every_working_command_and_how_to_pay(chat: OfflineChat, people) -> None:  # type: ignore[no-untyped-def]
    [reply] = await chat.say(people["alice"], "/help")
    text = reply.params["text"]
    assert text.splitlines()[0].startswith("ArcFlux pays people by chat message")
    for command in commands.COMMANDS:
        assert (f"/{command.name}" in text) is not command.operator
    assert "pay bob 10 usdc" in text
    [operator_reply] = await chat.say(people["olga"], "/help")
    assert all(f"/{c.name}" in operator_reply.params["text"] for c in commands.COMMANDS)


async def test_the_command_menu_is_published_for_everyone_and_for_operators(
    chat: OfflineChat,
) -> None:
    await commands.publish(chat.application.bot, (OPERATOR_ID,))
    calls = chat.api.sent("setMyCommands")
    scopes = [
        json.loads(c.params["scope"]) if isinstance(c.params["scope"], str) else c.params["scope"]
        for c in calls
    ]
    assert [s["type"] for s in scopes] == ["default", "chat"]
    assert scopes[1]["chat_id"] == OPERATOR_ID
    names = [c["command"] for c in _decoded(calls[0].params["commands"])]
    assert names == [c.name for c in commands.COMMANDS if not c.operator]


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_a_balance_chart_arrives_as_a_photo_with_a_summary_caption(
    chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["alice"], "/start")
    await chat.say(people["bob"], "/start")
    card = (await chat.say(people["alice"], "pay bob 10 usdc"))[-1]
    await chat.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    calls = await chat.say(people["alice"], "/chart balance 24h")
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    # The wallet opened inside the window with the sandbox credit: its change is the payment.
    assert photo.params["caption"] == "Balance, last 24h: 990.00 USDC now (−10.00 USDC)"


async def test_gateway_charts_without_data_say_so_instead_of_failing(
    chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["olga"], "/start")
    for kind in ("success", "latency", "traffic"):
        calls = await chat.say(people["olga"], f"/chart {kind} 1h")
        [photo] = [c for c in calls if c.method == "sendPhoto"]
        assert "no gateway data yet" in photo.params["caption"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/chart", "I can draw: success, latency, traffic, balance, spending."),
        ("/chart pie", "I can draw: success, latency, traffic, balance, spending."),
        ("/chart balance 3y", "Pick a time window of 1h, 24h, 7d."),
    ],
)
async def test_a_wrong_chart_request_gets_one_plain_sentence(
    chat: OfflineChat, people, text: str, answer: str
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["alice"], "/start")
    [reply] = [c for c in await chat.say(people["alice"], text) if c.method == "sendMessage"]
    assert reply.params["text"].startswith(answer)


async def test_a_flood_of_messages_gets_one_polite_refusal(
    chat: OfflineChat, people, clock: FrozenClock
) -> None:  # type: ignore[no-untyped-def]
    replies = []
    for _ in range(20):
        replies += [c.params["text"] for c in await chat.say(people["alice"], "/help")]
    assert replies.count(SLOW_DOWN) == 1
    assert len(replies) == 9  # the burst of 8, then one refusal, then quiet
    clock.advance(seconds=5)
    assert SLOW_DOWN not in [c.params["text"] for c in await chat.say(people["alice"], "/help")]


async def test_an_unexpected_failure_tells_the_user_and_alerts_operators_once(
    chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    async def broken(update: object, context: object) -> None:
        raise RuntimeError("disk on fire")

    chat.application.add_handler(CommandHandler("boom", broken))
    first = await chat.say(people["alice"], "/boom")
    second = await chat.say(people["bob"], "/boom")
    to_user = [c.params["text"] for c in first + second if c.params["chat_id"] != OPERATOR_ID]
    alerts = [c.params["text"] for c in first + second if c.params["chat_id"] == OPERATOR_ID]
    assert to_user == [to_user[0]] * 2 and "nothing moved" not in to_user[0]
    assert len(alerts) == 1 and "RuntimeError" in alerts[0] and "ref " in alerts[0]
    assert "disk on fire" not in alerts[0]  # raw error text can carry SQL and personal data


async def test_a_redelivered_webhook_update_is_processed_once(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    for _ in range(3):
        response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        assert response.status_code == 200
    assert len(chat.api.sent()) == 1


async def test_chart_pngs_are_served_over_rest_behind_the_bearer_token(
    http: httpx.AsyncClient, chat: OfflineChat, people, container: Container
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["alice"], "/start")
    alices = await token_headers(container, people["alice"]["id"], "read")
    anonymous = await http.get("/v1/charts/success.png")
    success = await http.get("/v1/charts/success.png?window=1h", headers=API_HEADERS)
    balance = await http.get("/v1/charts/balance.png", headers=alices)
    for_her = await http.get(
        f"/v1/charts/balance.png?telegram_id={people['alice']['id']}", headers=API_HEADERS
    )
    someone_else = await http.get("/v1/charts/balance.png?telegram_id=1", headers=alices)
    unknown = await http.get("/v1/charts/pie.png", headers=API_HEADERS)
    assert anonymous.status_code == 401
    assert success.status_code == 200 and success.content.startswith(PNG)
    assert balance.headers["content-type"] == "image/png" and balance.content.startswith(PNG)
    # A service token never reads a person's chart; a personal token reads only its owner's.
    assert (for_her.status_code, someone_else.status_code) == (403, 403)
    assert unknown.status_code == 422  # chart names are an enum in the schema


def test_every_registered_command_is_in_help_and_the_menu(chat: OfflineChat) -> None:
    from telegram.ext import CommandHandler

    from bot.telegram.commands import COMMANDS

    registered = {
        name
        for group in chat.application.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    assert registered == {c.name for c in COMMANDS}
