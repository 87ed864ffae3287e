"""Fakes shared by the test suites: a settable clock, predictable ids, scripted rails."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

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


class ProcessDied(Exception):
    """Stands in for the process dying at a chosen point."""


@dataclass
class IdempotentRail:
    """A gateway that charges once per key (a repeat returns the first result), like real ones.

    ``die_before_charge`` / ``die_after_charge`` simulate the worker dying around the call.
    """

    outcome: Outcome = Outcome.SUCCEEDED
    charges: dict[str, GatewayResult] = field(default_factory=dict)
    calls: int = 0
    die_before_charge: bool = False
    die_after_charge: bool = False

    async def send(self, request: GatewayRequest) -> GatewayResult:
        self.calls += 1
        if self.die_before_charge:
            raise ProcessDied("before the gateway call")
        key = request.idempotency_key
        if key not in self.charges:
            self.charges[key] = GatewayResult("simgw", self.outcome, 5.0, reference=key[:16])
        if self.die_after_charge:
            raise ProcessDied("after the gateway charged")
        return self.charges[key]


@dataclass
class RecordingNotifier:
    """A Notifier that records what it delivered, and can fail on demand."""

    sent: list[Any] = field(default_factory=list)
    fail: bool = False

    async def notify(self, notice: Any) -> None:
        if self.fail:
            raise ProcessDied("died before sending")
        self.sent.append(notice)
