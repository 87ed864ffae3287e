"""The operations loop's use cases: metrics roll-up, and incidents with one alert each."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from core.deps import Deps
from core.errors import ConfirmationRefused
from core.notices import Action, Notice
from core.routing.actions import Applied, Observation, OutcomeRecord
from core.routing.incidents import Change, CycleFacts, Incident, plan
from core.routing.minutes import MinuteRollup
from core.routing.ports import OperationsStore


async def roll_up(
    store: OperationsStore,
    rollup: MinuteRollup,
    now: datetime,
    weights: dict[str, float],
    retention: timedelta,
    source: str = "",
) -> int:
    """Store every finished minute and prune those past retention; how many were stored."""
    minutes = rollup.drain(now, weights)
    await store.add_minutes(minutes, source)
    await store.prune_minutes(now - retention)
    return len(minutes)


def alert_notices(change: Change, operators: Sequence[int]) -> list[Notice]:
    """The operators' alert for an opened or resolved incident (updates stay quiet)."""
    incident = change.incident
    if change.kind == "opened":
        text = "\n".join(
            [
                f"Incident on {incident.gateway}: {incident.summary.split(': ', 1)[-1]}",
                f"Done: {_done(incident)}",
                f"Agent: {incident.explanation}",
            ]
        )
        actions: tuple[Action, ...] = (
            Action("Acknowledge", "ack_incident", incident.id),
            Action("Chart", "incident_chart", incident.id),
        )
    elif change.kind == "resolved":
        lasted = _duration(incident)
        text = f"Resolved: {incident.gateway} has recovered after {lasted}; traffic is returning."
        actions = (Action("Chart", "incident_chart", incident.id),)
    else:
        return []
    return [
        Notice(f"incident:{incident.id}:{change.kind}:{chat}", chat, text, actions)
        for chat in operators
    ]


def _done(incident: Incident) -> str:
    """The agent's actions, or the router's own isolation when the agent had nothing to add."""
    if incident.actions:
        return ", ".join(a.replace("_", " ") for a in incident.actions)
    return "the router's breaker took it out of rotation"


def _duration(incident: Incident) -> str:
    end = incident.resolved_at or incident.updated_at
    minutes = max(1, round((end - incident.opened_at).total_seconds() / 60))
    return f"{minutes} min"


async def after_cycle(
    deps: Deps,
    store: OperationsStore,
    observation: Observation,
    applied: list[Applied],
    explanation: str,
    chooser: str,
    learned: OutcomeRecord | None,
) -> list[Change]:
    """Log what the agent did and its measured effect; open, update or resolve incidents.

    An incident the database refuses (one is active for the gateway already) is dropped with
    its alert: at most one incident per gateway, whichever process planned it.
    """
    now = deps.clock.now()
    done = [a for a in applied if a.applied]
    if learned is not None:
        await store.log_effect(now, {"verdict": learned.verdict, "detail": str(learned)[:500]})
    if done:
        await store.log_cycle(now, explanation, chooser, [a.action.to_dict() for a in done])
    facts = CycleFacts(observation, applied, explanation, now)
    changes = plan(list(await store.active_incidents()), facts, deps.ids.new_id)
    notices: list[Notice] = []
    saved: list[Change] = []
    for change in changes:
        if not await store.save_incident(change.incident):
            continue  # the database holds an active incident for the gateway already
        saved.append(change)
        if change.alert:
            notices += alert_notices(change, deps.policy.operators)
    if notices:
        async with deps.uow() as uow:  # the outbox delivers each alert once, across restarts
            await uow.outbox.add(notices, now)
            await uow.commit()
    return saved


async def acknowledge(
    deps: Deps, store: OperationsStore, incident_id: str, operator_id: int
) -> Incident:
    """An operator's Acknowledge tap: operators only, once."""
    if operator_id not in deps.policy.operators:
        raise ConfirmationRefused("Only operators can acknowledge incidents.")
    incident = await store.get_incident(incident_id)
    if incident is None:
        raise ConfirmationRefused("I can't find that incident.")
    if not await store.acknowledge(incident_id, operator_id, deps.clock.now()):
        raise ConfirmationRefused(f"Already {incident.status.value}.")
    return await store.get_incident(incident_id) or incident
