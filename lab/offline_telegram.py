"""Telegram's HTTP replaced at the request layer: for the bot benchmark and the e2e tests."""

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from core.ports import Clock

BOT_USER = {"id": 100000001, "is_bot": True, "first_name": "ArcFlux", "username": "arcflux_bot"}


@dataclass
class SentCall:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    url: str = ""


BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass
class OfflineTelegram(BaseRequest):
    """A BaseRequest that answers Bot API methods locally and records every call."""

    clock: Clock
    calls: list[SentCall] = field(default_factory=list)
    inbox: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    files: dict[str, bytes] = field(default_factory=dict)  # file_path name → content
    blocked: set[int] = field(default_factory=set)  # chats whose person blocked the bot
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer the Bot API method named at the end of ``url``."""
        if "/file/bot" in url:  # a file download, not a method call
            self.calls.append(SentCall("downloadFile", {}, url))
            return 200, self.files.get(url.rsplit("/", 1)[-1], b"")
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(SentCall(api_method, params, url))
        if api_method == "sendMessage" and int(str(params.get("chat_id", 0))) in self.blocked:
            refusal = {"ok": False, "error_code": 403, "description": BLOCKED}
            return 403, json.dumps(refusal).encode()
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            updates, self.inbox[:] = list(self.inbox), []
            return updates
        if method == "getFile":
            file_id = str(params.get("file_id"))
            return {"file_id": file_id, "file_unique_id": file_id, "file_path": f"voice/{file_id}"}
        if method in ("sendMessage", "editMessageText", "sendPhoto"):
            message_id = params.get("message_id") or next(self._message_ids)
            result: dict[str, Any] = {
                "message_id": message_id,
                "date": int(self.clock.now().timestamp()),
                "chat": {"id": params.get("chat_id"), "type": "private"},
                "from": BOT_USER,
            }
            if "text" in params:
                result["text"] = params["text"]
            if "reply_markup" in params:
                result["reply_markup"] = params["reply_markup"]
            return result
        return True

    def sent(self, method: str = "sendMessage") -> list[SentCall]:
        """Calls of one method, oldest first."""
        return [call for call in self.calls if call.method == method]


@dataclass
class UpdateFactory:
    """Builds Telegram update dicts as Telegram would send them."""

    clock: Clock
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @staticmethod
    def user(telegram_id: int, first_name: str, username: str | None = None) -> dict[str, Any]:
        """A Telegram user object."""
        user: dict[str, Any] = {"id": telegram_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def message(
        self, user: dict[str, Any], text: str, chat_type: str = "private"
    ) -> dict[str, Any]:
        """A text message update (commands included)."""
        update_id = next(self._ids)
        chat_id = user["id"] if chat_type == "private" else -1000000000 - update_id
        message: dict[str, Any] = {
            "message_id": update_id,
            "date": int(self.clock.now().timestamp()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": update_id, "message": message}

    def tap(self, user: dict[str, Any], data: str, message_id: int, chat_id: int) -> dict[str, Any]:
        """A callback query from an inline button on a bot message."""
        update_id = next(self._ids)
        return {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "from": user,
                "chat_instance": str(chat_id),
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(self.clock.now().timestamp()),
                    "chat": {"id": chat_id, "type": "private"},
                    "from": BOT_USER,
                    "text": "card",
                },
            },
        }


class OfflineChat:
    """Drives a real Application with offline updates and returns what the bot sent back."""

    def __init__(self, application: Any, api: OfflineTelegram, updates: UpdateFactory) -> None:
        self.application = application
        self.api = api
        self.updates = updates

    async def _process(self, update: dict[str, Any]) -> list[SentCall]:
        from telegram import Update

        before = len(self.api.calls)
        await self.application.process_update(Update.de_json(update, self.application.bot))
        return self.api.calls[before:]

    async def say(
        self, user: dict[str, Any], text: str, chat_type: str = "private"
    ) -> list[SentCall]:
        """Send ``text`` as ``user``; the Bot API calls it caused."""
        return await self._process(self.updates.message(user, text, chat_type))

    async def tap(
        self, user: dict[str, Any], data: str, message_id: int, chat_id: int
    ) -> list[SentCall]:
        """Tap an inline button as ``user``; the Bot API calls it caused."""
        return await self._process(self.updates.tap(user, data, message_id, chat_id))


def buttons(call: SentCall) -> dict[str, str]:
    """Button text → callback data on a sent message."""
    markup = call.params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return {
        button["text"]: button.get("callback_data", "")
        for row in markup.get("inline_keyboard", [])
        for button in row
    }


def voice_update(factory: UpdateFactory, user: dict[str, Any], file_id: str) -> dict[str, Any]:
    """A voice-note update whose audio the OfflineTelegram serves under ``file_id``."""
    update = factory.message(user, "")
    message = update["message"]
    del message["text"]
    message["voice"] = {"file_id": file_id, "file_unique_id": file_id, "duration": 2}
    return update
