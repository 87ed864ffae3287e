"""Fakes shared by the test suites: a settable clock, predictable ids, scripted rails."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.gateways import GatewayRequest, GatewayResult, Outcome


@dataclass
class FrozenClock:
    """A clock that moves only when told to."""

    current: datetime = field(default_factory=lambda: datetime(2026, 3, 4, 10, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class SequentialIds:
    """Ids 000…001, 000…002, … (32 hex characters like the real ones)."""

    counter: itertools.count = field(default_factory=lambda: itertools.count(1))  # type: ignore[type-arg]

    def new_id(self) -> str:
        return f"{next(self.counter):032x}"


@dataclass
class ScriptedRail:
    """A rail answering with a fixed outcome and remembering every request."""

    outcome: Outcome = Outcome.SUCCEEDED
    requests: list[GatewayRequest] = field(default_factory=list)

    async def send(self, request: GatewayRequest) -> GatewayResult:
        self.requests.append(request)
        return GatewayResult("testgw", self.outcome, 12.0, reference=request.idempotency_key)
