"""Bot API methods that send or change messages, each recorded for the control API."""

import time
from typing import Any

from lab.fakebot.errors import bad_request
from lab.fakebot.params import int_param, upload_size
from lab.fakebot.state import JsonDict, now
from lab.fakebot.store import FakeTelegram

MAX_TEXT = 4096
MAX_CAPTION = 1024
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


async def send_message(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict:
    """sendMessage: a text message from the bot, its reply_markup kept."""
    chat_id = int_param(params, "chat_id")
    text = str(params.get("text") or "")
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    message = _new_message(telegram, chat_id, params)
    message["text"] = text
    return _keep(telegram, "sendMessage", message)


async def send_photo(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict:
    """sendPhoto: an uploaded picture (its size kept) or a file id, with an optional caption."""
    chat_id = int_param(params, "chat_id")
    if params.get("photo") in (None, ""):
        raise bad_request("there is no photo in the request")
    caption = params.get("caption")
    if caption and len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    size = await upload_size(params, "photo")
    message = _new_message(telegram, chat_id, params)
    file_id = f"photo-{chat_id}-{message['message_id']}"
    message["photo"] = [
        {"file_id": file_id, "file_unique_id": file_id, "width": 1280, "height": 720}
        | ({"file_size": size} if size is not None else {})
    ]
    if caption:
        message["caption"] = caption
    return _keep(telegram, "sendPhoto", message, photo_size=size)


async def edit_message_text(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict | bool:
    """editMessageText: new text (and markup) for a message the bot sent."""
    if params.get("inline_message_id"):
        return True
    message = _message_to_edit(telegram, params)
    text = str(params.get("text") or "")
    if not text:
        raise bad_request("message text is empty")
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    markup = params.get("reply_markup")
    if message["text"] == text and message.get("reply_markup") == markup:
        raise bad_request(_NOT_MODIFIED)
    message["text"] = text
    return _edited(telegram, "editMessageText", message, markup)


async def edit_message_reply_markup(
    telegram: FakeTelegram, params: dict[str, Any]
) -> JsonDict | bool:
    """editMessageReplyMarkup: new buttons, or none when reply_markup is left out."""
    if params.get("inline_message_id"):
        return True
    message = _message_to_edit(telegram, params)
    markup = params.get("reply_markup")
    if message.get("reply_markup") == markup:
        raise bad_request(_NOT_MODIFIED)
    return _edited(telegram, "editMessageReplyMarkup", message, markup)


async def answer_callback_query(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """answerCallbackQuery: each tap can be answered once."""
    query_id = str(params.get("callback_query_id") or "")
    if query_id not in telegram.state.open_callback_ids:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    telegram.state.open_callback_ids.remove(query_id)
    return True


async def send_chat_action(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """sendChatAction: "typing…" shows nothing here; the call is only recorded."""
    int_param(params, "chat_id")
    if not params.get("action"):
        raise bad_request("action is empty")
    return True


def _new_message(telegram: FakeTelegram, chat_id: int, params: dict[str, Any]) -> JsonDict:
    """A message from the bot into a chat, with the next message id of that chat."""
    message: JsonDict = {
        "message_id": telegram.state.take_message_id(chat_id),
        "date": now(),
        "chat": telegram.chat_for(chat_id),
        "from": telegram.bot_user,
    }
    if params.get("reply_markup"):
        message["reply_markup"] = params["reply_markup"]
    return message


def _message_to_edit(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict:
    """The stored message an edit names, or Telegram's 400 when there is none."""
    chat_id = int_param(params, "chat_id")
    message = telegram.state.find_message(chat_id, int_param(params, "message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != telegram.bot_user["id"]:
        raise bad_request("message can't be edited")  # a bot edits only its own messages
    return message


def _edited(
    telegram: FakeTelegram, method: str, message: JsonDict, markup: JsonDict | None
) -> JsonDict:
    """Apply the new markup, stamp the edit, and record it."""
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    message["edit_date"] = now()
    return _keep(telegram, method, message)


def _keep(
    telegram: FakeTelegram, method: str, message: JsonDict, photo_size: int | None = None
) -> JsonDict:
    """Store the message for later edits and add it to what the bot sent."""
    telegram.state.remember_message(message)
    telegram.state.sent.append(
        {
            "method": method,
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
            "text": message.get("text"),
            "caption": message.get("caption"),
            "reply_markup": message.get("reply_markup"),
            "photo_size": photo_size,
            "time": time.time(),
        }
    )
    return message
