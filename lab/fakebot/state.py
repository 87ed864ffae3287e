"""Everything the fake Telegram remembers, and how it survives a restart (a JSON file)."""

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]


@dataclass
class FakeBotState:
    """The fake server's memory: updates, messages, recorded calls, webhook and faults."""

    next_update_id: int = 1
    next_callback_id: int = 1
    next_message_ids: dict[str, int] = field(default_factory=dict)  # chat id → next message id
    pending_updates: list[JsonDict] = field(default_factory=list)  # waiting for getUpdates
    messages: dict[str, JsonDict] = field(default_factory=dict)  # "chat:message" → message
    users: dict[str, JsonDict] = field(default_factory=dict)  # user id → Telegram User
    open_callback_ids: list[str] = field(default_factory=list)  # taps not yet answered
    calls: list[JsonDict] = field(default_factory=list)  # every Bot API call, faulted or not
    sent: list[JsonDict] = field(default_factory=list)  # what the bot sent or edited
    commands: dict[str, list[JsonDict]] = field(default_factory=dict)  # scope key → commands
    last_commands: list[JsonDict] | None = None
    webhook: JsonDict = field(default_factory=dict)  # url, secret_token, allowed_updates
    delivery: JsonDict = field(default_factory=dict)  # fleet: urls, duplicate, next index
    deliveries: list[JsonDict] = field(default_factory=list)  # one row per webhook POST
    faults: dict[str, JsonDict] = field(default_factory=dict)  # fault mode → rule

    def take_message_id(self, chat_id: int) -> int:
        """Allocate the next message id in a chat (Telegram numbers messages per chat)."""
        key = str(chat_id)
        message_id = self.next_message_ids.get(key, 1)
        self.next_message_ids[key] = message_id + 1
        return message_id

    def take_update_id(self) -> int:
        """Allocate the next update id (one counter for the whole bot)."""
        update_id = self.next_update_id
        self.next_update_id += 1
        return update_id

    def take_callback_id(self) -> str:
        """Allocate a callback query id; Telegram's are opaque strings."""
        callback_id = f"cbq-{self.next_callback_id}"
        self.next_callback_id += 1
        self.open_callback_ids.append(callback_id)
        return callback_id

    def remember_message(self, message: JsonDict) -> None:
        """Keep a message so later edits and callback taps can find it."""
        self.messages[message_key(message["chat"]["id"], message["message_id"])] = message

    def find_message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """The stored message, or None when the chat never had it."""
        return self.messages.get(message_key(chat_id, message_id))


def message_key(chat_id: int, message_id: int) -> str:
    """The key under which a message is stored (JSON objects need string keys)."""
    return f"{chat_id}:{message_id}"


def now() -> int:
    """Unix time in whole seconds, as Telegram stamps messages."""
    return int(time.time())


def load_state(path: Path | None) -> FakeBotState:
    """Read the state a previous run left, or start empty."""
    if path is None or not path.exists():
        return FakeBotState()
    return FakeBotState(**json.loads(path.read_text()))


def save_state(state: FakeBotState, path: Path | None) -> None:
    """Write the state atomically, so a kill mid-write never leaves half a file."""
    if path is None:
        return
    scratch = path.with_suffix(path.suffix + ".tmp")
    scratch.write_text(json.dumps(asdict(state)))
    scratch.replace(path)
