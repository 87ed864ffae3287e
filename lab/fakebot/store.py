"""The fake Telegram's live side: its state, who the bot is, and who waits for updates."""

import asyncio
from pathlib import Path
from typing import Any

from lab.fakebot.state import FakeBotState, JsonDict, load_state, save_state


class FakeTelegram:
    """One fake bot: the state behind both APIs and the signal that wakes long polls."""

    def __init__(self, token: str, state_path: Path | None = None) -> None:
        self.token = token
        self.state_path = state_path
        self.state: FakeBotState = load_state(state_path)
        self.bot_user = bot_user_for(token)
        self.closing = False
        self.dirty = False
        self._arrival = asyncio.Event()

    @property
    def pushes_updates(self) -> bool:
        """Webhook mode: a webhook is set or the caller named fleet URLs to deliver to."""
        return bool(self.state.webhook.get("url") or self.state.delivery.get("urls"))

    def queue_update(self, update: JsonDict) -> None:
        """Hold an update for getUpdates or the webhook pusher, and wake whoever waits."""
        self.state.pending_updates.append(update)
        self.wake()

    def wake(self) -> None:
        """Release every waiter; each takes a fresh event for its next wait."""
        self.dirty = True
        self._arrival.set()
        self._arrival = asyncio.Event()

    async def wait_for_change(self, within: float) -> None:
        """Sleep until an update arrives, the server closes, or `within` seconds pass."""
        arrival = self._arrival
        try:
            await asyncio.wait_for(arrival.wait(), within)
        except TimeoutError:
            return

    def close(self) -> None:
        """Stop long polls at once so a restart is not held up by open getUpdates calls."""
        self.closing = True
        self.wake()

    def save(self) -> None:
        """Write the state file now."""
        save_state(self.state, self.state_path)
        self.dirty = False

    def chat_for(self, chat_id: int) -> JsonDict:
        """The Chat object for an id: a private chat with a known person, else a group."""
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {-chat_id}"}
        user = self.state.users.get(str(chat_id), {})
        chat: JsonDict = {"id": chat_id, "type": "private"}
        chat["first_name"] = user.get("first_name", f"User {chat_id}")
        if user.get("username"):
            chat["username"] = user["username"]
        return chat


def bot_user_for(token: str) -> dict[str, Any]:
    """The bot's own User: its id is the number before the colon, as in real tokens."""
    head = token.split(":", 1)[0]
    bot_id = int(head) if head.isdigit() else 100000001
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "ArcFlux Fake",
        "username": "arcflux_fake_bot",
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }
