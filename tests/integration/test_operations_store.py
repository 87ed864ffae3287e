"""The operations store on a real database: minutes summed across processes, pruned, CAS acks."""

from datetime import UTC, datetime, timedelta

from bot.composition.container import Container
from core.routing.incidents import Incident, IncidentStatus
from core.routing.minutes import GatewayMinute

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)


def minute(gateway: str, at: datetime, attempts: int, ok: int, payer: int = 0) -> GatewayMinute:
    return GatewayMinute(gateway, at, attempts, ok, attempts - ok - payer, payer, 100.0, 200.0)


async def test_two_processes_rows_for_one_minute_are_summed(container: Container) -> None:
    store = container.ops.store
    await store.add_minutes([minute("circle", T0, 10, 9), minute("circle", T0, 30, 20, payer=5)])
    [point] = await store.gateway_points(T0, T0 + timedelta(minutes=1))
    # 40 attempts of which 5 were payer faults: 35 judged, 29 succeeded.
    assert (point.attempts, point.successes) == (35, 29)


async def test_old_minutes_are_pruned(container: Container) -> None:
    store = container.ops.store
    await store.add_minutes(
        [minute("stripe", T0, 5, 5), minute("stripe", T0 + timedelta(hours=2), 5, 5)]
    )
    assert await store.prune_minutes(T0 + timedelta(hours=1)) == 1
    assert len(await store.gateway_points(T0, T0 + timedelta(days=1))) == 1


async def test_an_incident_is_acknowledged_once(container: Container) -> None:
    store = container.ops.store
    incident = Incident("b" * 32, "circle", IncidentStatus.OPEN, T0, T0, "circle: down", "opened")
    await store.save_incident(incident)
    assert await store.acknowledge(incident.id, 42, T0) is True
    assert await store.acknowledge(incident.id, 43, T0) is False
    stored = await store.get_incident(incident.id)
    assert stored is not None and (stored.status, stored.acknowledged_by) == (
        IncidentStatus.ACKNOWLEDGED,
        42,
    )
    assert [i.id for i in await store.active_incidents()] == [incident.id]
