"""The routing agent's vocabulary: what it saw (Observation) and what it may do (Action)."""

from dataclasses import dataclass, field
from typing import Literal

ActionKind = Literal[
    "reroute_traffic", "throttle_retries", "open_circuit_breaker", "close_circuit_breaker"
]


@dataclass(frozen=True)
class GatewayHealth:
    """One gateway as the agent sees it at the end of a window."""

    name: str
    assets: tuple[str, ...]
    state: str
    score: float  # the router's sliding-window success rate
    samples: int  # outcomes behind that score
    attempts: int
    technical: int  # attempts that say something about the gateway (payer faults excluded)
    window_success: float | None
    p95_ms: float | None
    probes_ok: int = 0
    probes_failed: int = 0


@dataclass(frozen=True)
class Observation:
    """What the agent saw in one window."""

    at: float
    span_s: float
    gateways: dict[str, GatewayHealth]
    carriers: dict[str, tuple[str, ...]]
    weights: dict[str, dict[str, float]]
    first_attempts: int
    retries: int
    retry_ratio: float
    success_rate: float | None  # technical success over every gateway in the window


@dataclass(frozen=True)
class Action:
    """One tool call the agent proposes; guardrails decide whether and how it applies."""

    kind: ActionKind
    reason: str
    gateway: str | None = None
    asset: str | None = None
    weights: dict[str, float] | None = None
    budget: float | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for tool calls, incidents and logs."""
        data: dict[str, object] = {"kind": self.kind, "reason": self.reason}
        for key in ("gateway", "asset", "weights", "budget"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class Applied:
    """An action after the guardrails: what actually changed, or why nothing did."""

    action: Action
    applied: bool
    note: str = ""


@dataclass
class AgentState:
    """What the deterministic policy remembers between cycles."""

    default_retry_ratio: float = 0.2
    cycles: int = 0
    history: list["OutcomeRecord"] = field(default_factory=list)


@dataclass(frozen=True)
class OutcomeRecord:
    """Learn step: did the window after the actions look better than the one before?"""

    at: float
    actions: tuple[Applied, ...]
    success_before: float | None
    success_after: float | None
    verdict: Literal["improved", "unchanged", "worse", "unknown"]
