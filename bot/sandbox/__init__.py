"""A local Telegram: a Bot API server and a chat page, for trying ArcFlux without an account."""

from dataclasses import dataclass, field

from fastapi import FastAPI

from bot.sandbox.botapi import bot_api_router
from bot.sandbox.faults import TelegramFaults, faults_router
from bot.sandbox.page import sandbox_page_router
from bot.sandbox.store import SandboxStore, demo_people
from core.ports import Clock

SANDBOX_TOKEN = "100000001:sandbox"
DEFAULT_OPERATOR_ID = 9900


@dataclass
class Sandbox:
    """The sandbox's state and the routes serving it."""

    store: SandboxStore
    token: str = SANDBOX_TOKEN
    faults: TelegramFaults = field(default_factory=TelegramFaults)

    @property
    def operator_id(self) -> int:
        """The demo operator's chat id."""
        return next(p.id for p in self.store.people if p.operator)

    @classmethod
    def create(cls, clock: Clock, operator_id: int = DEFAULT_OPERATOR_ID) -> "Sandbox":
        """Demo people (three payers and one operator) with empty chats."""
        return cls(SandboxStore(clock, demo_people(operator_id)))

    def mount(self, app: FastAPI) -> None:
        """Serve the Bot API under /sandbox-api, the chat page and fault switch under /sandbox."""
        app.include_router(bot_api_router(self.store, self.token, self.faults))
        app.include_router(sandbox_page_router(self.store))
        app.include_router(faults_router(self.faults))

    def base_url(self, host: str, port: int) -> str:
        """TELEGRAM_BASE_URL for a bot talking to this sandbox."""
        return f"http://{host}:{port}/sandbox-api/bot"
