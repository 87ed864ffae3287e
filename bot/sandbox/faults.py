"""A fault switch for the sandbox Bot API: make it answer as a failing Telegram for a while.

Sandbox only (mounted with it, when no bot token is set). The soak and tests use it to see what
the service does and says while Telegram is down, rate-limits it, or a person has blocked it.
"""

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

Mode = Literal["ok", "down", "429", "403"]
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass(frozen=True)
class FaultAnswer:
    """The error reply a faulty Bot API gives instead of serving the call."""

    code: int
    description: str
    retry_after: int | None = None


@dataclass
class TelegramFaults:
    """The current fault and when it ends, on the monotonic clock (a wall-clock step is no end)."""

    now: Callable[[], float] = time.monotonic
    mode: Mode = "ok"
    until: float = 0.0
    chat_ids: frozenset[int] = field(default_factory=frozenset)

    def set(self, mode: Mode, seconds: float, chat_ids: Collection[int] = ()) -> None:
        """Answer as ``mode`` for ``seconds``; a 403 only for ``chat_ids`` (every chat if none)."""
        self.mode, self.until, self.chat_ids = mode, self.now() + seconds, frozenset(chat_ids)

    def active(self) -> Mode:
        """The mode in force now ("ok" once its time is up)."""
        if self.mode != "ok" and self.now() >= self.until:
            self.mode = "ok"
        return self.mode

    def answer(self, chat_id: int | None) -> FaultAnswer | None:
        """The error for a call about ``chat_id`` (None for calls about no chat), or None."""
        mode = self.active()
        if mode == "down":
            return FaultAnswer(502, "Bad Gateway")
        if mode == "429":
            wait = max(1, min(5, round(self.until - self.now())))
            return FaultAnswer(429, f"Too Many Requests: retry after {wait}", wait)
        if mode == "403" and chat_id is not None and self._blocked(chat_id):
            return FaultAnswer(403, BLOCKED)
        return None

    def _blocked(self, chat_id: int) -> bool:
        return not self.chat_ids or chat_id in self.chat_ids

    def as_json(self) -> dict[str, Any]:
        """What GET /sandbox/api/faults shows."""
        mode = self.active()
        left = max(0.0, self.until - self.now()) if mode != "ok" else 0.0
        return {"mode": mode, "seconds_left": round(left, 1), "chat_ids": sorted(self.chat_ids)}


class FaultIn(BaseModel):
    """POST /sandbox/api/faults: how the Bot API should fail, for how long, for whom."""

    mode: Mode
    seconds: float = Field(default=10.0, ge=0, le=3600)
    chat_ids: list[int] = Field(default_factory=list, max_length=1000)


def faults_router(faults: TelegramFaults) -> APIRouter:
    """Set and read the fault switch; local use only, like the rest of the sandbox page API."""
    router = APIRouter(include_in_schema=False)

    @router.post("/sandbox/api/faults")
    async def set_fault(body: FaultIn) -> dict[str, Any]:
        faults.set(body.mode, body.seconds, body.chat_ids)
        return faults.as_json()

    @router.get("/sandbox/api/faults")
    async def get_fault() -> dict[str, Any]:
        return faults.as_json()

    return router
