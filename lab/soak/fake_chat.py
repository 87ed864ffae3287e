"""A person's chat on the fake Telegram, with the sandbox Chat's face, for the fleet soak.

The fake Bot API outlives the service processes, so a chat is never reset by a restart: what
was read stays read, and messages sent by either process are one conversation.
"""

import asyncio
from dataclasses import dataclass, field

from bot.sandbox.chat import Chat, Message
from lab.fakebot.client import FakeBotClient, SentRecord

POLL_S = 0.2


def _message(record: SentRecord) -> Message:
    """A sent-or-edited record as the sandbox shows a bot message (text, buttons)."""
    markup = record["reply_markup"] or {}
    return {
        "message_id": record["message_id"],
        "text": record["text"],
        "caption": record["caption"],
        "buttons": markup.get("inline_keyboard") or [],
        "from_bot": True,
    }


@dataclass
class FakeChat(Chat):
    """``person``'s private chat with the bot on ``telegram``; ``after`` counts records read."""

    telegram: FakeBotClient = field(kw_only=True)
    name: str = field(default="", kw_only=True)
    username: str | None = field(default=None, kw_only=True)

    def reset(self) -> None:
        """Nothing to forget: the fake Telegram lives on across service restarts."""

    async def say(self, text: str) -> int:
        """Type ``text``; the update id it was given."""
        return await self.telegram.inject_message(self.person, text, self.name, self.username)

    async def tap(self, message: Message, data: str) -> None:
        """Tap the button carrying ``data`` on ``message``."""
        await self.telegram.inject_callback(self.person, int(message["message_id"]), data)

    async def changes(self, wait: float) -> list[Message]:
        """The bot's messages new or edited since the last read (polls up to ``wait`` s)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            records = await self.telegram.sent(self.person)
            fresh = records[self.after :]
            if fresh or loop.time() >= deadline:
                break
            await asyncio.sleep(POLL_S)
        self.after = len(records)
        latest = {record["message_id"]: _message(record) for record in fresh}  # last edit wins
        self.seen.update(latest)
        return list(latest.values())
