"""The fake Telegram answers the real python-telegram-bot the way Telegram does."""

import asyncio

import httpx
import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from lab.fakebot.client import FakeBotClient
from tests.fakebot import (  # noqa: F401
    FAKE_BOT_TOKEN,
    fakebot_fixture,
    free_port,
    webhook_receiver,
)

PAYER = 4201


def bot_for(fakebot: FakeBotClient) -> Bot:
    """A real PTB Bot pointed at the fake."""
    return Bot(FAKE_BOT_TOKEN, base_url=fakebot.base_url)


def confirm_button(data: str = "confirm:1") -> InlineKeyboardMarkup:
    """A one-button keyboard, as the payment card has."""
    return InlineKeyboardMarkup([[InlineKeyboardButton("Confirm", callback_data=data)]])


async def test_a_bot_gets_itself_sends_and_edits_messages(fakebot: FakeBotClient) -> None:
    async with bot_for(fakebot) as bot:
        me = await bot.get_me()
        sent = await bot.send_message(PAYER, "Pay 5 USDC?", reply_markup=confirm_button())
        edited = await bot.edit_message_text("Paid.", chat_id=PAYER, message_id=sent.message_id)
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("Paid.", chat_id=PAYER, message_id=sent.message_id)

    assert (me.id, me.is_bot, me.username) == (100000001, True, "arcflux_fake_bot")
    assert sent.message_id == 1 and edited.message_id == 1
    assert sent.from_user == me and sent.chat.id == PAYER and sent.reply_markup == confirm_button()
    assert edited.text == "Paid." and edited.reply_markup is None and edited.edit_date
    rows = await fakebot.sent(chat_id=PAYER)
    assert [(row["method"], row["text"]) for row in rows] == [
        ("sendMessage", "Pay 5 USDC?"),
        ("editMessageText", "Paid."),
    ]
    assert rows[0]["reply_markup"] == confirm_button().to_dict()


async def test_a_photo_upload_keeps_its_size_and_caption(fakebot: FakeBotClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(1000)
    async with bot_for(fakebot) as bot:
        message = await bot.send_photo(PAYER, photo=png, caption="Success rate, 24 h")

    assert message.caption == "Success rate, 24 h" and message.photo[0].file_size == len(png)
    [row] = await fakebot.sent(chat_id=PAYER)
    assert (row["method"], row["photo_size"], row["caption"]) == (
        "sendPhoto",
        1008,
        message.caption,
    )


async def test_only_the_bots_own_messages_can_be_edited(fakebot: FakeBotClient) -> None:
    await fakebot.inject_message(PAYER, "hello")  # message 1 of the chat, from the person
    async with bot_for(fakebot) as bot:
        with pytest.raises(BadRequest, match="Message can't be edited"):
            await bot.edit_message_text("changed", chat_id=PAYER, message_id=1)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("changed", chat_id=PAYER, message_id=99)
    assert await fakebot.sent(PAYER) == []


async def test_a_wrong_token_is_unauthorized(fakebot: FakeBotClient) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.get(f"{fakebot.base_url}999:wrong/getMe")
    assert reply.status_code == 401
    assert reply.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    with pytest.raises(InvalidToken):
        await Bot("999:wrong", base_url=fakebot.base_url).get_me()


async def test_a_body_that_is_not_json_is_a_bad_request(fakebot: FakeBotClient) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.post(
            f"{fakebot.base_url}{FAKE_BOT_TOKEN}/sendMessage",
            content=b"{",
            headers={"content-type": "application/json"},
        )
    assert reply.status_code == 400 and reply.json()["description"].startswith("Bad Request")


async def test_rate_limited_methods_raise_retry_after_with_the_delay(
    fakebot: FakeBotClient,
) -> None:
    await fakebot.fault("429", methods=["sendMessage"], retry_after=3)
    async with bot_for(fakebot) as bot:
        with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
            await bot.send_message(PAYER, "hello")
        await bot.send_chat_action(PAYER, "typing")  # other methods are not limited

    assert [call["status"] for call in await fakebot.calls("sendmessage")] == [429]


async def test_a_blocked_chat_raises_forbidden_and_other_chats_still_work(
    fakebot: FakeBotClient,
) -> None:
    await fakebot.fault("403", chat_ids=[PAYER])
    async with bot_for(fakebot) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(PAYER, "hello")
        await bot.send_message(PAYER + 1, "hello")
    assert [row["chat_id"] for row in await fakebot.sent()] == [PAYER + 1]


async def test_an_emulator_without_set_my_commands_answers_not_found(
    fakebot: FakeBotClient,
) -> None:
    await fakebot.fault("missing", methods=["setMyCommands"])
    menu = [BotCommand("pay", "Pay someone")]
    async with bot_for(fakebot) as bot:
        with pytest.raises(InvalidToken, match="Not Found: method not found"):
            await bot.set_my_commands(menu)
        with pytest.raises(EndPointNotFound), pytest.warns(PTBUserWarning):
            await bot.do_api_request("setMyCommands", api_kwargs={"commands": []})
        await fakebot.fault("ok")
        await bot.set_my_commands(menu)
        assert await bot.get_my_commands() == (BotCommand("pay", "Pay someone"),)
    assert await fakebot.commands() == [{"command": "pay", "description": "Pay someone"}]


async def test_an_outage_and_server_errors_surface_as_network_errors(
    fakebot: FakeBotClient,
) -> None:
    async with bot_for(fakebot) as bot:
        await fakebot.fault("down")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.get_me()
        await fakebot.fault("ok")
        await fakebot.fault("5xx", methods=["sendMessage"], times=1)
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(PAYER, "hello")
        await bot.send_message(PAYER, "hello")  # the fault was for one call only


async def test_a_polling_application_answers_messages_and_taps(fakebot: FakeBotClient) -> None:
    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message and update.effective_user
        name = update.effective_user.first_name
        await update.effective_message.reply_text(f"Hi {name}", reply_markup=confirm_button())

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query
        await update.callback_query.answer("Confirmed")

    app = Application.builder().token(FAKE_BOT_TOKEN).base_url(fakebot.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, reply))
    app.add_handler(CallbackQueryHandler(tapped))
    async with app:
        await app.start()
        assert app.updater
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await fakebot.inject_message(PAYER, "balance", first_name="Ana", username="ana")
        [card] = await fakebot.wait_for_sent(PAYER)
        await fakebot.inject_callback(PAYER, card["message_id"], "confirm:1")
        await _wait_for_calls(fakebot, "answerCallbackQuery", 1)
        await app.updater.stop()
        await app.stop()

    assert card["text"] == "Hi Ana" and card["reply_markup"] == confirm_button().to_dict()
    [answer] = await fakebot.calls("answerCallbackQuery")
    assert answer["status"] == 200 and answer["params"]["text"] == "Confirmed"


async def test_a_webhook_gets_each_update_with_the_secret_header(fakebot: FakeBotClient) -> None:
    async with webhook_receiver() as receiver, bot_for(fakebot) as bot:
        await bot.set_webhook(receiver.url, secret_token="s3cret")
        update_id = await fakebot.inject_message(PAYER, "help", first_name="Ana")
        [delivery] = await fakebot.wait_for_deliveries(1)
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        info = await bot.get_webhook_info()

    assert receiver.update_ids == [update_id]
    assert receiver.hits[0].headers["x-telegram-bot-api-secret-token"] == "s3cret"
    assert receiver.hits[0].update["message"]["text"] == "help"
    assert (delivery["url"], delivery["status"]) == (receiver.url, 200)
    assert info.url == receiver.url and info.pending_update_count == 0


async def test_fleet_delivery_alternates_and_duplicates_when_asked(
    fakebot: FakeBotClient,
) -> None:
    async with webhook_receiver() as first, webhook_receiver(status=500) as second:
        async with bot_for(fakebot) as bot:
            await bot.set_webhook("https://fleet.invalid/telegram/webhook", secret_token="s3cret")
        await fakebot.deliver_to([first.url, second.url])
        alternating = [await fakebot.inject_message(PAYER, f"m{n}") for n in range(4)]
        await fakebot.wait_for_deliveries(4)
        await fakebot.deliver_to([first.url, second.url], duplicate=True)
        retried = await fakebot.inject_message(PAYER, "again")
        deliveries = await fakebot.wait_for_deliveries(6)

    assert first.update_ids == [alternating[0], alternating[2], retried]
    assert second.update_ids == [alternating[1], alternating[3], retried]
    assert {hit.headers["x-telegram-bot-api-secret-token"] for hit in first.hits} == {"s3cret"}
    assert [row["status"] for row in deliveries[:4]] == [200, 500, 200, 500]


async def test_with_retry_an_update_a_dead_member_refused_goes_to_the_next_one(
    fakebot: FakeBotClient,
) -> None:
    async with webhook_receiver() as alive:
        async with bot_for(fakebot) as bot:
            await bot.set_webhook("https://fleet.invalid/telegram/webhook", secret_token="s3cret")
        dead = f"http://127.0.0.1:{free_port()}/telegram/webhook"  # a killed process
        await fakebot.deliver_to([dead, alive.url], retry=True)
        sent = [await fakebot.inject_message(PAYER, f"m{n}") for n in range(3)]
        deliveries = await fakebot.wait_for_deliveries(6)

    assert alive.update_ids == sent  # each exactly once, in order
    assert [row["url"] for row in deliveries] == [dead, alive.url] * 3
    assert [row["status"] for row in deliveries] == [None, 200] * 3


async def test_a_stopped_server_refuses_and_a_restart_continues(fakebot: FakeBotClient) -> None:
    async with bot_for(fakebot) as bot:
        first = await bot.send_message(PAYER, "before")
        waiting = await fakebot.inject_message(PAYER, "while down", first_name="Ana")
        await fakebot.stop()
        with pytest.raises(NetworkError):
            await bot.send_message(PAYER, "during")
        await fakebot.start()
        second = await bot.send_message(PAYER, "after")
        updates = await bot.get_updates(timeout=0)

    assert second.message_id == first.message_id + 2  # the injected message took one id
    assert [update.update_id for update in updates] == [waiting]
    assert [row["text"] for row in await fakebot.sent(PAYER)] == ["before", "after"]


async def _wait_for_calls(fakebot: FakeBotClient, method: str, count: int) -> None:
    """Wait until the bot made count calls of a method."""
    for _ in range(250):
        if len(await fakebot.calls(method)) >= count:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{method} was not called {count} times")
