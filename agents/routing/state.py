"""State carried through one routing-agent cycle, and the memory kept between cycles."""

from dataclasses import dataclass, field
from typing import TypedDict

from core.routing.actions import Action, AgentState, Applied, Observation, OutcomeRecord


class RoutingState(TypedDict, total=False):
    """One cycle: what was seen, proposed, chosen, done, and learned."""

    at: float
    observation: Observation
    proposed: list[Action]
    chosen: list[Action]
    explanation: str
    chooser: str  # "policy" or "llm"
    applied: list[Applied]
    learned: OutcomeRecord | None


@dataclass
class RoutingMemory:
    """What the agent carries from one cycle to the next."""

    policy: AgentState = field(default_factory=AgentState)
    last: tuple[Observation, list[Applied]] | None = None
