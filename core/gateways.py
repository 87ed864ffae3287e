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
# Gateway faults answered quickly: the gateway (or the way to it) said no at once, so a second
# try on the same gateway costs little; the same idempotency key keeps it from charging twice.
FAST_FAULTS = frozenset({Outcome.SERVER_ERROR, Outcome.NETWORK})


@dataclass(frozen=True)
class GatewayRequest:
    """One charge; the idempotency key makes a repeat return the first answered result."""

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

    @property
    def fast_fault(self) -> bool:
        """True for a quick gateway failure (5xx, network) rather than a timeout."""
        return self.outcome in FAST_FAULTS


class GatewayClient(Protocol):
    """A payment gateway: names the assets it carries and charges idempotently."""

    name: str
    assets: frozenset[str]

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        """Charge at most once per key; a repeat returns the answer the key already got.

        An attempt that failed fast without an answer (5xx, network) leaves nothing behind, so a
        repeat of its key is tried afresh — still under the same key, so never charged twice.
        """
        ...

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        """The first result of an earlier charge with this key, or None if it never came."""
        ...


class PaymentRail(Protocol):
    """Picks a gateway per attempt (and may retry once elsewhere); returns the final result."""

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Execute ``request`` through the best available gateway."""
        ...
