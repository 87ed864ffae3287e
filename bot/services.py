"""The one bag of services every door reads: built once per process by the composition root."""

from dataclasses import dataclass
from typing import Protocol

from bot.charts.service import ChartService
from bot.operations import Operations
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet
from bot.settings import Settings
from core.deps import Deps
from core.handled_updates import UpdateClaims
from core.ratelimit import FleetLimits
from core.tokens.ports import TokenStore


class VoiceTranscriber(Protocol):
    """Speech to text (agents.llm.Transcriber)."""

    async def transcribe(self, audio: bytes, filename: str = ...) -> str | None: ...


@dataclass
class Services:
    """What Telegram handlers, REST routes and scheduler jobs use; no door builds its own."""

    settings: Settings
    deps: Deps
    fleet: Fleet
    charts: ChartService
    ops: Operations
    metrics: ServiceMetrics
    transcriber: VoiceTranscriber | None
    updates: UpdateClaims  # webhook update ids claimed by any process of the fleet
    tokens: TokenStore  # personal and service API tokens, stored hashed

    async def ping_database(self) -> bool:
        """True when the database answers (the composition root knows how to ask)."""
        return True

    async def database_takes_a_write(self) -> str:
        """ "ok", or why the database did not commit a small write within two seconds."""
        return "ok"

    def fleet_limits(self) -> FleetLimits | None:
        """How this process shares the bot's Telegram limits with others; None: it is alone."""
        return None
