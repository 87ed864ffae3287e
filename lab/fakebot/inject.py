"""Updates made on the caller's behalf: a person writes to the bot or taps one of its buttons."""

from typing import Any

from lab.fakebot.state import JsonDict, now
from lab.fakebot.store import FakeTelegram


def inject_message(telegram: FakeTelegram, body: dict[str, Any]) -> JsonDict:
    """Queue a private-chat message from a person; returns the update."""
    user = _person(telegram, body)
    message: JsonDict = {
        "message_id": telegram.state.take_message_id(user["id"]),
        "date": now(),
        "chat": telegram.chat_for(user["id"]),
        "from": user,
        "text": str(body["text"]),
    }
    entities = _command_entities(message["text"])
    if entities:
        message["entities"] = entities
    telegram.state.remember_message(message)
    return _queued(telegram, {"message": message})


def inject_callback(telegram: FakeTelegram, body: dict[str, Any]) -> JsonDict | None:
    """Queue a tap on a button of a message the bot sent; None when there is no such message."""
    user = _person(telegram, body)
    message = telegram.state.find_message(user["id"], int(body["message_id"]))
    if message is None:
        return None
    query = {
        "id": telegram.state.take_callback_id(),
        "from": user,
        "message": message,
        "chat_instance": f"instance-{user['id']}",
        "data": str(body["data"]),
    }
    return _queued(telegram, {"callback_query": query})


def _person(telegram: FakeTelegram, body: dict[str, Any]) -> JsonDict:
    """The sender as a Telegram User; names given now replace the ones remembered."""
    user_id = int(body["user_id"])
    known = telegram.state.users.get(str(user_id), {})
    user: JsonDict = {
        "id": user_id,
        "is_bot": False,
        "first_name": body.get("first_name") or known.get("first_name") or f"User {user_id}",
    }
    username = body.get("username", known.get("username"))
    if username:
        user["username"] = str(username).lstrip("@")
    telegram.state.users[str(user_id)] = user
    return user


def _command_entities(text: str) -> list[JsonDict]:
    """Telegram marks a leading /command, and handlers match on that mark, not on the text."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command)}]


def _queued(telegram: FakeTelegram, payload: JsonDict) -> JsonDict:
    """Give the update its id and hand it to getUpdates or the webhook pusher."""
    update = {"update_id": telegram.state.take_update_id(), **payload}
    telegram.queue_update(update)
    return update
