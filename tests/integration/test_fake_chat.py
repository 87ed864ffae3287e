"""The fleet soak's chat on the fake Telegram reads like the sandbox chat the driver knows."""

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox.chat import body, button
from lab.fakebot.client import FakeBotClient
from lab.soak.fake_chat import FakeChat
from tests.fakebot import FAKE_BOT_TOKEN, fakebot_fixture  # noqa: F401

PAYER = 7100001


async def test_a_chat_reads_new_and_edited_messages_once_with_their_buttons(
    fakebot: FakeBotClient,
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Confirm", callback_data="pay:c:1")]])
    async with httpx.AsyncClient() as http, Bot(FAKE_BOT_TOKEN, base_url=fakebot.base_url) as bot:
        chat = FakeChat(http, PAYER, telegram=fakebot, name="Soak000", username="soak_000")
        await chat.say("pay @soak_001 5 usdc")
        card = await bot.send_message(PAYER, "Pay 5 USDC to Soak001?", reply_markup=keyboard)
        [shown] = await chat.changes(wait=2)
        await chat.tap(shown, "pay:c:1")
        await bot.edit_message_text("Processing…", chat_id=PAYER, message_id=card.message_id)
        await bot.edit_message_text("Paid 5 USDC.", chat_id=PAYER, message_id=card.message_id)
        [edited] = await chat.changes(wait=2)
        nothing = await chat.changes(wait=0)
        chat.reset()  # a service restart: the fake Telegram remembers, so nothing is re-read
        still_nothing = await chat.changes(wait=0)
        updates = await bot.get_updates(timeout=0)

    assert body(shown) == "Pay 5 USDC to Soak001?" and button(shown, "Confirm") == "pay:c:1"
    assert edited["message_id"] == card.message_id and body(edited) == "Paid 5 USDC."
    assert button(edited, "Confirm") is None
    assert nothing == [] and still_nothing == []
    message, tap = updates[0], updates[1]
    assert message.message is not None and message.message.text == "pay @soak_001 5 usdc"
    assert (
        message.message.from_user is not None and message.message.from_user.username == "soak_000"
    )
    assert tap.callback_query is not None and tap.callback_query.data == "pay:c:1"
