"""Use cases write audit entries in their own unit of work, naming who acted and where."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from core.audit import Actor, AuditEntry, Door, SubjectKind
from core.deps import Policy
from core.errors import ConfirmationRefused
from core.guardian import limits
from core.schedule import Schedule
from core.scheduling import series
from core.scheduling.tick import tick
from tests.unit.in_memory import ALICE, BOB, World, world


async def trail(w: World, payment_id: str) -> list[tuple[str, str, str | None, str | None]]:
    async with w.db(read_only=True) as uow:
        entries: list[AuditEntry] = list(await uow.audit.for_payment(payment_id))
    return [(e.actor.describe(), e.action, e.from_state, e.to_state) for e in entries]


def weekly(first: datetime) -> Schedule:
    return Schedule(first_run=first, timezone="UTC", rrule="FREQ=WEEKLY")


async def test_a_confirmed_one_off_lists_the_payer_then_the_scheduler() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    proposed = await w.propose(alice, bob, "120")
    answered = await w.confirm(proposed, ALICE)
    assert answered.execution is not None and answered.execution.succeeded
    assert await trail(w, proposed.id) == [
        (f"person {ALICE} via Telegram", "propose", None, "awaiting_confirmation"),
        (f"person {ALICE} via Telegram", "confirm", "awaiting_confirmation", "scheduled"),
        ("scheduler", "run", "due", "executing"),
        ("scheduler", "run", "executing", "succeeded"),
        ("scheduler", "close", "scheduled", "completed"),
    ]


async def test_a_scheduled_run_and_a_cancellation_name_their_actors() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    first = w.clock.now() + timedelta(hours=1)
    answered = await w.confirm(await w.propose(alice, bob, "50", weekly(first)), ALICE)
    w.clock.current = first
    await tick(w.deps)
    rest = Actor.service_token("API_TOKENS")
    await series.cancel_series(w.deps, answered.payment.id, ALICE, actor=rest, door=Door.REST)
    assert (await trail(w, answered.payment.id))[-3:] == [
        ("scheduler", "run", "due", "executing"),
        ("scheduler", "run", "executing", "succeeded"),
        ("service token API_TOKENS", "cancel", "scheduled", "cancelled"),
    ]


async def test_an_entry_is_not_kept_when_its_change_is_refused() -> None:
    w = world()
    alice, bob = await w.user(ALICE, "Alice"), await w.user(BOB, "Bob")
    proposed = await w.propose(alice, bob, "120")
    with pytest.raises(ConfirmationRefused):
        await w.confirm(proposed, BOB)  # not Bob's button
    assert [a for _, a, _, _ in await trail(w, proposed.id)] == ["propose"]


async def test_a_limit_lowered_by_its_owner_and_raised_by_an_operator_names_both() -> None:
    operator = 7900
    w = world(Policy(operators=(operator,)))
    alice = await w.user(ALICE, "Alice")
    await limits.lower(w.deps, ALICE, "daily", Decimal(50))
    await limits.operator_set(w.deps, operator, "@alice", "daily", Decimal(500))
    async with w.db(read_only=True) as uow:
        entries = await uow.audit.for_subject(SubjectKind.LIMIT, f"{alice.id}/daily")
    default = str(w.deps.policy.default_limits.get("daily"))
    assert [(e.actor.describe(), e.from_state, e.to_state) for e in entries] == [
        (f"person {ALICE} via Telegram", default, "50"),
        (f"operator {operator}", "50", "500"),
    ]
