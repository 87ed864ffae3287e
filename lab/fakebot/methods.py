"""The Bot API methods the fake answers, by lower-cased name (Telegram ignores case)."""

import re
from collections.abc import Awaitable, Callable
from typing import Any

from lab.fakebot import messages, updates
from lab.fakebot.errors import bad_request
from lab.fakebot.state import JsonDict
from lab.fakebot.store import FakeTelegram

Method = Callable[[FakeTelegram, dict[str, Any]], Awaitable[Any]]
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


async def get_me(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict:
    """getMe: the bot's own User."""
    return telegram.bot_user


async def set_my_commands(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """setMyCommands: the menu for a scope and language, checked as Telegram checks it."""
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    telegram.state.commands[_scope_key(params)] = commands
    telegram.state.last_commands = commands
    return True


async def delete_my_commands(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """deleteMyCommands: forget the menu of a scope and language."""
    telegram.state.commands.pop(_scope_key(params), None)
    return True


async def get_my_commands(telegram: FakeTelegram, params: dict[str, Any]) -> list[JsonDict]:
    """getMyCommands: the menu of a scope and language, empty when none was set."""
    return telegram.state.commands.get(_scope_key(params), [])


async def acknowledge(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """close and logOut: Telegram answers True; here nothing else changes."""
    return True


def _scope_key(params: dict[str, Any]) -> str:
    """Menus are kept per scope type and language code, as Telegram keeps them."""
    scope = params.get("scope") or {"type": "default"}
    return f"{scope.get('type', 'default')}|{params.get('language_code') or ''}"


METHODS: dict[str, Method] = {
    "getme": get_me,
    "getupdates": updates.get_updates,
    "setwebhook": updates.set_webhook,
    "deletewebhook": updates.delete_webhook,
    "getwebhookinfo": updates.get_webhook_info,
    "sendmessage": messages.send_message,
    "sendphoto": messages.send_photo,
    "editmessagetext": messages.edit_message_text,
    "editmessagereplymarkup": messages.edit_message_reply_markup,
    "answercallbackquery": messages.answer_callback_query,
    "sendchataction": messages.send_chat_action,
    "setmycommands": set_my_commands,
    "deletemycommands": delete_my_commands,
    "getmycommands": get_my_commands,
    "close": acknowledge,
    "logout": acknowledge,
}
