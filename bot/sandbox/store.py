"""The sandbox's memory: demo people, their chats with the bot, photos, and pending updates."""

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from core.ports import Clock

BOT_ID = 100000001
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "ArcFlux", "username": "arcflux_bot"}


@dataclass(frozen=True)
class Person:
    """A demo Telegram user someone can chat as."""

    id: int
    first_name: str
    username: str
    operator: bool = False

    def as_telegram(self) -> dict[str, Any]:
        """The Telegram User object."""
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, **self._handle()}

    def _handle(self) -> dict[str, str]:
        return {"username": self.username, "language_code": "en"}


def demo_people(operator_id: int) -> list[Person]:
    """Three payers and one operator."""
    return [
        Person(9001, "Alice", "alice"),
        Person(9002, "Bob", "bobby"),
        Person(9003, "Carol", "carol"),
        Person(operator_id, "Olga", "ops_olga", operator=True),
    ]


@dataclass
class ChatMessage:
    """One message in a chat, from the person or the bot; ``rev`` bumps on every change."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    rev: int
    text: str | None = None
    caption: str | None = None
    photo_id: str | None = None
    reply_markup: dict[str, Any] | None = None
    toast: str | None = None  # the last answerCallbackQuery text shown for a tap on it

    def as_telegram(self, sender: dict[str, Any]) -> dict[str, Any]:
        """The Telegram Message object."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": {"id": self.chat_id, "type": "private", "first_name": sender["first_name"]},
            "from": BOT_USER if self.from_bot else sender,
        }
        if self.text is not None:
            message["text"] = self.text
        if self.caption is not None:
            message["caption"] = self.caption
        if self.photo_id is not None:
            message["photo"] = [
                {"file_id": self.photo_id, "file_unique_id": self.photo_id, "width": 1, "height": 1}
            ]
        if self.reply_markup is not None:
            message["reply_markup"] = self.reply_markup
        return message


@dataclass
class SandboxStore:
    """Chats, photos and the getUpdates queue, all in memory and safe within one event loop."""

    clock: Clock
    people: list[Person]
    chats: dict[int, list[ChatMessage]] = field(default_factory=dict)
    photos: dict[str, bytes] = field(default_factory=dict)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    webhook_url: str = ""
    toasts: dict[str, tuple[int, int]] = field(default_factory=dict)  # query id → chat, message
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _revs: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    revision: int = 0

    def person(self, user_id: int) -> Person | None:
        """The demo person with this id."""
        return next((p for p in self.people if p.id == user_id), None)

    def register(self, person: Person) -> Person:
        """Add a demo person (the soak's many users); an existing id keeps its first entry."""
        known = self.person(person.id)
        if known is not None:
            return known
        self.people.append(person)
        return person

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    def _bump(self) -> int:
        self.revision = next(self._revs)
        return self.revision

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait(self, predicate: Any, seconds: float) -> bool:
        """Wait up to ``seconds`` until ``predicate()`` holds."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), seconds)
            except TimeoutError:
                return bool(predicate())
        return True

    # -- the person's side ----------------------------------------------------------------
    async def say(self, person: Person, text: str) -> ChatMessage:
        """The person types ``text``; the bot will get it as an update."""
        message = self._add(person.id, from_bot=False, text=text)
        payload = message.as_telegram(person.as_telegram())
        if text.startswith("/"):
            command = text.split()[0]
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self._updates.append({"update_id": next(self._update_ids), "message": payload})
        await self._notify()
        return message

    async def tap(self, person: Person, message_id: int, data: str) -> str:
        """The person taps an inline button; the callback query id."""
        message = self.find(person.id, message_id)
        if message is None:
            raise LookupError("no such message")
        update_id = next(self._update_ids)
        query_id = f"q{update_id}"
        self.toasts[query_id] = (person.id, message_id)
        query = {
            "id": query_id,
            "from": person.as_telegram(),
            "chat_instance": str(person.id),
            "data": data,
            "message": message.as_telegram(person.as_telegram()),
        }
        self._updates.append({"update_id": update_id, "callback_query": query})
        await self._notify()
        return query_id

    # -- the bot's side -------------------------------------------------------------------
    async def updates(self, offset: int, limit: int, seconds: float) -> list[dict[str, Any]]:
        """getUpdates: confirm everything below ``offset``, then wait for something newer."""
        self._updates[:] = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and seconds > 0:
            await self.wait(lambda: bool(self._updates), seconds)
        return list(self._updates[:limit])

    async def bot_says(self, chat_id: int, **fields: Any) -> ChatMessage:
        """sendMessage / sendPhoto."""
        message = self._add(chat_id, from_bot=True, **fields)
        await self._notify()
        return message

    async def bot_edits(self, chat_id: int, message_id: int, **fields: Any) -> ChatMessage:
        """editMessageText / editMessageReplyMarkup."""
        message = self.find(chat_id, message_id)
        if message is None or not message.from_bot:
            raise LookupError("message to edit not found")
        for name, value in fields.items():
            setattr(message, name, value)
        message.rev = self._bump()
        await self._notify()
        return message

    async def toast(self, query_id: str, text: str | None) -> None:
        """answerCallbackQuery: show ``text`` under the tapped message."""
        where = self.toasts.pop(query_id, None)
        if where is None or not text:
            return
        message = self.find(*where)
        if message is not None:
            message.toast = text
            message.rev = self._bump()
            await self._notify()

    def find(self, chat_id: int, message_id: int) -> ChatMessage | None:
        """A message in a chat."""
        return next((m for m in self.chats.get(chat_id, []) if m.message_id == message_id), None)

    def _add(self, chat_id: int, *, from_bot: bool, **fields: Any) -> ChatMessage:
        message = ChatMessage(
            next(self._message_ids), chat_id, from_bot, self._now(), self._bump(), **fields
        )
        self.chats.setdefault(chat_id, []).append(message)
        return message
