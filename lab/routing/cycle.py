"""One routing-agent cycle on the deterministic path: observe → propose → apply → learn."""

from dataclasses import dataclass, field

from core.routing.actions import AgentState, Applied, Observation, OutcomeRecord
from core.routing.guardrails import apply
from core.routing.policy import learn, observe, propose
from core.routing.router import Router


@dataclass
class CycleReport:
    """What one cycle saw, did, and learned about the previous cycle's actions."""

    observation: Observation
    applied: list[Applied]
    learned: OutcomeRecord | None


@dataclass
class AgentCycle:
    """Runs the policy against a router every period (the LangGraph graph wraps the same steps)."""

    router: Router
    state: AgentState = field(default_factory=AgentState)
    _last: tuple[Observation, list[Applied]] | None = None

    def run(self, at: float) -> CycleReport:
        """One cycle at time ``at`` (seconds, the router's clock)."""
        observation = observe(self.router.take_window(at))
        learned = None
        if self._last is not None and self._last[1]:
            learned = learn(self._last[0], observation, self._last[1], self.state)
        applied = apply(propose(observation, self.state), self.router, at)
        self._last = (observation, [a for a in applied if a.applied])
        return CycleReport(observation, applied, learned)
