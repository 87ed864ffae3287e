"""The gateway port's vocabulary: requests, results, and whose fault a failure is."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    """How one gateway attempt ended."""

    SUCCEEDED = "succeeded"
    ISSUER_DECLINE = "issuer_decline"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    TIMEOUT = "timeout"
    SERVER_ERROR = "server_error"  # a 5xx from the gateway
    NETWORK = "network"


# Failures caused by the payer's side: never held against a gateway, never retried elsewhere.
PAYER_FAULTS = frozenset({Outcome.ISSUER_DECLINE, Outcome.INSUFFICIENT_FUNDS})
# Failures caused by the gateway: count against it and may be retried on another one.
GATEWAY_FAULTS = frozenset({Outcome.TIMEOUT, Outcome.SERVER_ERROR, Outcome.NETWORK})


@dataclass(frozen=True)
class GatewayRequest:
    """One charge; the idempotency key makes a repeat return the first result."""

    idempotency_key: str
    amount: Decimal
    asset: str
    payer_id: str
    payee_id: str
    resend: bool = False  # a crash left its outcome unknown: ask the gateways before charging


@dataclass(frozen=True)
class GatewayResult:
    """What a gateway answered for one attempt."""

    gateway: str
    outcome: Outcome
    latency_ms: float
    reference: str | None = None

    @property
    def succeeded(self) -> bool:
        """True when money moved."""
        return self.outcome is Outcome.SUCCEEDED

    @property
    def gateway_fault(self) -> bool:
        """True when the failure is the gateway's (timeout, 5xx, network)."""
        return self.outcome in GATEWAY_FAULTS


class GatewayClient(Protocol):
    """A payment gateway: names the assets it carries and charges idempotently."""

    name: str
    assets: frozenset[str]

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        """Charge once per idempotency key; a repeated key returns the first result."""
        ...

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        """The first result of an earlier charge with this key, or None if it never came."""
        ...


class PaymentRail(Protocol):
    """Picks a gateway per attempt (and may retry once elsewhere); returns the final result."""

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Execute ``request`` through the best available gateway."""
        ...
