"""Incident planning over the whole fleet: the leader's window plus the other processes' minutes."""

from collections.abc import Mapping
from dataclasses import replace

from core.routing.actions import Observation


def with_other_processes(
    observation: Observation, others: Mapping[str, tuple[int, int]]
) -> Observation:
    """``observation`` with other processes' judged attempts and successes summed in.

    ``others`` maps a gateway to (attempts that say something about it, successes) counted by
    the other processes in their recent minutes; a gateway only they used still shows.
    """
    gateways = dict(observation.gateways)
    for name, (judged, successes) in others.items():
        health = gateways.get(name)
        if health is None or judged <= 0:
            continue
        own_successes = (health.window_success or 0.0) * health.technical
        technical = health.technical + judged
        gateways[name] = replace(
            health,
            attempts=health.attempts + judged,
            technical=technical,
            window_success=(own_successes + successes) / technical,
        )
    return replace(observation, gateways=gateways)
