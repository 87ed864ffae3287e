"""What several processes share through the database: overrides, incidents, keys, minutes."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.composition.container import Container
from bot.rails import build_fleet
from core.audit import Actor, Door, SubjectKind, change_of
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.routing.incidents import Incident, IncidentStatus
from core.routing.minutes import GatewayMinute
from core.routing.overrides import OverrideFollower
from storage.database import session_factory
from storage.fleet_repos import SqlGatewayKeys, SqlOverrides
from storage.ops_repos import SqlOperations

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)


def incident(ident: str, gateway: str = "circle") -> Incident:
    return Incident(ident * 32, gateway, IncidentStatus.OPEN, T0, T0, f"{gateway}: down", "seen")


def minute(gateway: str, attempts: int, ok: int, weight: float) -> GatewayMinute:
    return GatewayMinute(gateway, T0, attempts, ok, attempts - ok, 0, 100.0, 200.0, weight=weight)


def overrides_of(system: Container) -> SqlOverrides:
    return SqlOverrides(session_factory(system.engine))


async def test_an_override_written_twice_has_a_higher_revision_and_the_latest_value(
    system: Container,
) -> None:
    store = overrides_of(system)
    assert await store.put("chaos:circle", {"restore": True}, T0, "operator 1") == 1
    assert await store.put("breaker:circle", {"move": "open"}, T0, "operator 1") == 1
    later = T0 + timedelta(seconds=5)
    assert await store.put("chaos:circle", {"success_rate": 0.5}, later, "operator 2") == 2
    current = {o.key: o for o in await store.current()}
    assert set(current) == {"chaos:circle", "breaker:circle"}
    chaos = current["chaos:circle"]
    assert (chaos.value, chaos.revision, chaos.set_at, chaos.actor) == (
        {"success_rate": 0.5},
        2,
        later,
        "operator 2",
    )


async def test_an_override_stored_by_one_process_is_applied_by_another(
    system: Container,
) -> None:
    store = overrides_of(system)
    elsewhere = build_fleet(seed=4)
    follower = OverrideFollower(elsewhere.router, elsewhere.gateways, lambda: 1.0)
    value = {"success_rate": 0.25, "p50_ms": 100.0, "p95_ms": 300.0, "failure": "timeout"}
    await store.put("chaos:circle", value, T0, "operator 1")
    assert follower.follow(await store.current(), T0) == ["chaos:circle"]
    assert elsewhere.gateways["circle"].profile.success_rate == 0.25
    assert follower.follow(await store.current(), T0) == []  # each revision once


async def test_the_database_keeps_one_active_incident_per_gateway(system: Container) -> None:
    store = system.ops.store
    assert await store.save_incident(incident("a")) is True
    assert await store.save_incident(incident("b")) is False  # "already open"
    assert await store.save_incident(incident("c", "paypal")) is True
    first = incident("a")
    resolved = Incident(
        first.id, "circle", IncidentStatus.RESOLVED, T0, T0, "circle: down", "seen", resolved_at=T0
    )
    assert await store.save_incident(resolved) is True
    assert await store.save_incident(incident("b")) is True  # the next outage gets its own
    active = {i.id[0] for i in await store.active_incidents()}
    assert active == {"b", "c"}


async def test_a_key_charged_by_one_process_is_not_charged_again_by_another(
    system: Container,
) -> None:
    charged: list[str] = []
    first = build_fleet(seed=1, shared=SqlGatewayKeys(system.engine, system.deps.clock.now))
    second = build_fleet(seed=2, shared=SqlGatewayKeys(system.engine, system.deps.clock.now))
    for gateway in second.gateways.values():
        gateway._observer = lambda name, request, result: charged.append(name)
    request = GatewayRequest("run-1", Decimal(5), "USDC", "payer", "payee")
    done = await first.gateways["circle"].charge(request)
    assert done.succeeded
    again = await second.gateways["circle"].charge(request)
    assert again == done  # the first charge holds, with its reference
    assert charged == []  # and the second process's gateway charged nothing
    assert await second.gateways["circle"].lookup("run-1") == done


async def test_shared_keys_answer_the_first_result_and_forget_after_a_day(
    system: Container,
) -> None:
    keys = SqlGatewayKeys(system.engine, lambda: T0)
    first = GatewayResult("circle", Outcome.TIMEOUT, 5000.0)
    assert await keys.keep("circle", "k", first) == first
    assert await keys.keep("circle", "k", GatewayResult("circle", Outcome.SUCCEEDED, 1.0)) == first
    assert await keys.find("stripe", "k") is None  # keys are per gateway
    assert await keys.prune(T0 + timedelta(days=1)) == 1
    assert await keys.find("circle", "k") is None


async def test_chart_weights_are_weighted_by_each_process_attempts(system: Container) -> None:
    store = system.ops.store
    # Process 1 sent 90 attempts at a 50 % share, process 2 sent 10 at 100 %: the fleet's
    # traffic went 55 % this way, not the 75 % a plain average says.
    await store.add_minutes([minute("circle", 90, 90, 50.0)], "p1")
    await store.add_minutes([minute("circle", 10, 10, 100.0)], "p2")
    [point] = await store.gateway_points(T0, T0 + timedelta(minutes=1))
    assert point.weight == 55.0


async def test_totals_of_others_leave_out_the_asking_process(system: Container) -> None:
    store: SqlOperations = system.ops.store  # type: ignore[assignment]
    await store.add_minutes([minute("circle", 40, 10, 50.0)], "p1")
    await store.add_minutes([minute("circle", 20, 5, 50.0), minute("stripe", 8, 8, 50.0)], "p2")
    assert await store.totals_of_others(T0, "p2") == {"circle": (40, 10)}
    assert await store.totals_of_others(T0, "p3") == {"circle": (60, 15), "stripe": (8, 8)}
    assert await store.totals_of_others(T0 + timedelta(minutes=1), "p3") == {}


async def test_an_override_and_its_audit_entry_are_written_together(system: Container) -> None:
    store = overrides_of(system)
    by = Actor.operator(7900)
    entry = change_of(
        system.deps.ids, T0, by, Door.TELEGRAM, (SubjectKind.BREAKER, "breaker:circle"), "override"
    )
    await store.put("breaker:circle", {"move": "open"}, T0, by.describe(), entry)
    async with system.deps.uow(read_only=True) as uow:
        [found] = await uow.audit.for_subject(SubjectKind.BREAKER, "breaker:circle")
    assert found.actor == by and found.door is Door.TELEGRAM
