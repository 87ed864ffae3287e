"""Routing graph nodes: the same core steps the benchmark measures, one per node."""

import json

from agents.llm import LlmClient
from agents.routing import prompts
from agents.routing.state import RoutingMemory, RoutingState
from core.routing.actions import Action, Observation
from core.routing.guardrails import apply
from core.routing.policy import learn, observe, propose
from core.routing.router import Router


def explain(actions: list[Action], observation: Observation | None = None) -> str:
    """The deterministic explanation: each action's own reason, or what is already isolated."""
    if not actions:
        isolated = [
            f"{name} ({health.state.replace('_', '-')})"
            for name, health in (observation.gateways.items() if observation else [])
            if health.state != "closed"
        ]
        if isolated:
            return (
                f"The router's breaker already isolates {', '.join(isolated)}; "
                "traffic goes to the healthy gateways. No further change."
            )
        return "All gateways look healthy; no change."
    return " ".join(f"{_what(a)}: {a.reason}." for a in actions)


def _what(action: Action) -> str:
    """'open circuit breaker on paypal', 'reroute traffic for USDC', ..."""
    text = action.kind.replace("_", " ")
    if action.gateway:
        text += f" on {action.gateway}"
    if action.asset:
        text += f" for {action.asset}"
    return text


class Observe:
    """Reads the router's metrics window."""

    def __init__(self, router: Router) -> None:
        self._router = router

    def __call__(self, state: RoutingState) -> RoutingState:
        """The observation for this cycle."""
        return {"observation": observe(self._router.take_window(state["at"]))}


class Reason:
    """The deterministic policy proposes; without a model it also decides."""

    def __init__(self, memory: RoutingMemory) -> None:
        self._memory = memory

    def __call__(self, state: RoutingState) -> RoutingState:
        """Proposed actions and the policy's own explanation."""
        proposed = propose(state["observation"], self._memory.policy)
        return {
            "proposed": proposed,
            "chosen": proposed,
            "explanation": explain(proposed, state["observation"]),
            "chooser": "policy",
        }


class ChooseWithModel:
    """A model may pick a subset of the allowed actions and explain; code validates the pick."""

    def __init__(self, llm: LlmClient) -> None:
        self._llm = llm

    async def __call__(self, state: RoutingState) -> RoutingState:
        """The model's choice among the proposals, or the policy's when the model fails."""
        proposed = state["proposed"]
        if not proposed:
            return {}
        listing = json.dumps([a.to_dict() for a in proposed])
        answer = await self._llm.structured(
            prompts.SYSTEM, f"Proposed actions: {listing}", "routing_choice", prompts.SCHEMA
        )
        if not answer or not isinstance(answer.get("take"), list):
            return {}
        picks = {i for i in answer["take"] if isinstance(i, int) and 0 <= i < len(proposed)}
        text = str(answer.get("explanation") or "")[:600] or explain(proposed)
        return {
            "chosen": [a for i, a in enumerate(proposed) if i in picks],
            "explanation": text,
            "chooser": "llm",
        }


class Act:
    """Applies the chosen actions through the guardrails."""

    def __init__(self, router: Router) -> None:
        self._router = router

    def __call__(self, state: RoutingState) -> RoutingState:
        """What the guardrails let through."""
        return {"applied": apply(state["chosen"], self._router, state["at"])}


class Learn:
    """Measures the previous cycle's actions against this cycle's observation."""

    def __init__(self, memory: RoutingMemory) -> None:
        self._memory = memory

    def __call__(self, state: RoutingState) -> RoutingState:
        """The outcome record of last cycle's actions, if any were applied."""
        memory, observation = self._memory, state["observation"]
        learned = None
        if memory.last is not None and memory.last[1]:
            learned = learn(memory.last[0], observation, memory.last[1], memory.policy)
        memory.last = (observation, [a for a in state["applied"] if a.applied])
        return {"learned": learned}
