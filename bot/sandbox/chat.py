"""One person's side of the sandbox page API: type, read the bot's messages, tap buttons.

The one client of that API in the product: the demo and the soak both drive it through here.
"""

from dataclasses import dataclass, field
from typing import Any

import httpx

Message = dict[str, Any]


def button(message: Message, label: str) -> str | None:
    """The callback data of the button labelled ``label``, if the message has one."""
    for row in message.get("buttons") or []:
        for b in row:
            if b.get("text") == label:
                return str(b["callback_data"])
    return None


def body(message: Message) -> str:
    """The text or caption."""
    return str(message.get("text") or message.get("caption") or "")


@dataclass
class Chat:
    """A person's chat; ``after`` is the last sandbox revision read (reset when it restarts)."""

    http: httpx.AsyncClient
    person: int
    after: int = 0
    seen: dict[int, Message] = field(default_factory=dict)  # the bot's messages by id

    def reset(self) -> None:
        """A new service life: the sandbox's memory (and revisions) started again."""
        self.after = 0
        self.seen.clear()

    async def say(self, text: str) -> int:
        """Type ``text``; the sandbox revision of the typed message."""
        sent = await self.http.post(
            f"/sandbox/api/chats/{self.person}/messages", json={"text": text}
        )
        sent.raise_for_status()
        revision: int = sent.json()["rev"]
        return revision

    async def revision(self) -> int:
        """The sandbox's revision now (nothing is read, nothing waited for)."""
        got = await self.http.get(f"/sandbox/api/chats/{self.person}", params={"after": 2**62})
        got.raise_for_status()
        revision: int = got.json()["revision"]
        return revision

    async def tap(self, message: Message, data: str) -> None:
        """Tap the button carrying ``data`` on ``message``."""
        tapped = await self.http.post(
            f"/sandbox/api/chats/{self.person}/taps",
            json={"message_id": message["message_id"], "data": data},
        )
        tapped.raise_for_status()

    async def changes(self, wait: float) -> list[Message]:
        """The bot's messages new or edited since the last read (waits up to ``wait`` s)."""
        got = await self.http.get(
            f"/sandbox/api/chats/{self.person}", params={"after": self.after, "wait": wait}
        )
        got.raise_for_status()
        data = got.json()
        self.after = max(self.after, int(data["revision"]))
        fresh = [m for m in data["messages"] if m["from_bot"]]
        for m in fresh:
            self.seen[m["message_id"]] = m
        return fresh
