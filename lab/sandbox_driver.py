"""Acts as the sandbox's demo people over HTTP, as the chat page does, and prints what happens."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from bot.sandbox.chat import Chat, Message, button

Until = Callable[[Message], bool]
REPLY_SECONDS = 15.0


class ChatTimeout(AssertionError):
    """The bot did not say what the story waited for."""


def starts(prefix: str) -> Until:
    """A bot message whose text or caption starts with ``prefix``."""
    return lambda m: (m["text"] or m["caption"] or "").startswith(prefix)


class SandboxDriver:
    """Types and taps as a person on the sandbox's page API; prints each bot message once."""

    def __init__(self, http: httpx.AsyncClient, names: dict[int, str]) -> None:
        self.http, self.names = http, names
        self._chats = {person: Chat(http, person) for person in names}
        self._latest: dict[int, dict[int, Message]] = {}  # per chat, each bot message as now
        self._shown: dict[tuple[int, int], tuple[Any, ...]] = {}  # what each message showed

    async def mark(self) -> int:
        """The sandbox's revision now: later changes are the answer to what happens next."""
        return await self._chats[next(iter(self.names))].revision()

    async def say(self, person: int, text: str, until: Until) -> Message:
        """Type ``text`` as ``person``; the first bot message since that satisfies ``until``."""
        print(f"{self.names[person]}: {text}")
        return await self.wait(person, until, await self._chats[person].say(text))

    async def tap(self, person: int, message: Message, label: str, until: Until) -> Message:
        """Tap ``label`` on ``message`` as last seen (so a spent button can be replayed)."""
        print(f"{self.names[person]} taps [{label}]")
        data = button(message, label)
        if data is None:
            raise ChatTimeout(f"no [{label}] button on the message")
        after = await self.mark()
        await self._chats[person].tap(message, data)
        return await self.wait(person, until, after)

    async def wait(
        self, person: int, until: Until, after: int, seconds: float = REPLY_SECONDS
    ) -> Message:
        """Print bot messages to ``person`` until one changed after ``after`` fits ``until``."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            fresh = [m for m in self._latest.get(person, {}).values() if m["rev"] > after]
            found = next((m for m in sorted(fresh, key=lambda m: m["rev"]) if until(m)), None)
            if found is not None:
                return found
            if asyncio.get_running_loop().time() > deadline:
                who = self.names[person]
                raise ChatTimeout(f"the bot did not answer {who} within {seconds:.0f}s")
            await self._fetch(person, wait=1.0)

    async def photo(self, message: Message) -> bytes:
        """The PNG of a photo message."""
        got = await self.http.get(message["photo"])
        got.raise_for_status()
        return got.content

    async def _fetch(self, person: int, wait: float) -> None:
        for message in sorted(await self._chats[person].changes(wait), key=lambda m: m["rev"]):
            self._latest.setdefault(person, {})[message["message_id"]] = message
            self._show(person, message)

    def _show(self, person: int, m: Message) -> None:
        key, to = (person, m["message_id"]), self.names[person]
        before = self._shown.get(key)
        now = (m["text"], m["caption"], m["photo"], str(m["buttons"]), m["toast"])
        self._shown[key] = now
        if before is not None and before[:4] == now[:4]:
            if m["toast"] and m["toast"] != before[4]:
                print(f"    bot (toast to {to}) {m['toast']}")
            return
        if m["photo"]:
            print(f"    bot → {to}: [photo] {m['caption'] or ''}")
        else:
            verb = f"edits {to}'s message to" if before is not None else f"→ {to}:"
            for i, line in enumerate(str(m["text"]).splitlines()):
                print(f"    bot {verb if i == 0 else ' ' * len(verb)} {line}")
        for row in m["buttons"]:
            print("        " + " ".join(f"[{b['text']}]" for b in row))
        if m["toast"] and (before is None or m["toast"] != before[4]):
            print(f"    bot (toast to {to}) {m['toast']}")
