"""Guardian settings: deny/allow lists, limit defaults and a rules file by path."""

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.composition.container import build_container
from bot.composition.from_settings import policy_from
from bot.settings import Settings
from core.accounts import onboarding
from core.errors import PaymentBlocked
from core.intent import Intent
from core.payments import proposals
from core.rules import RulesError
from core.schedule import Schedule
from core.scheduling.tick import tick
from tests.fakes import FrozenClock, ScriptedRail, SequentialIds


def test_lists_and_limits_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("PAYEE_DENY_LIST", "@Eve, 123")
    monkeypatch.setenv("PER_DAY_CAP", "300")
    monkeypatch.setenv("PER_RECIPIENT_DAY_CAP", "100")
    read = Settings(_env_file=None)  # type: ignore[call-arg]
    assert read.payee_deny_list == ("eve", "123")
    policy = policy_from(read)
    assert policy.payee_deny == frozenset({"eve", "123"})
    assert (policy.default_limits.per_day, policy.default_limits.per_recipient_day) == (300, 100)


def test_a_broken_rules_file_stops_the_start_with_a_clear_error(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": "v", "rules": [{"id": "x"}]}))
    with pytest.raises(RulesError, match="rule 'x': needs a 'reason'"):
        policy_from(settings.model_copy(update={"guardian_rules_path": str(path)}))


async def test_a_deny_listed_payee_is_blocked_outright(
    settings: Settings, clock: FrozenClock, rail: ScriptedRail
) -> None:
    denied = settings.model_copy(update={"payee_deny_list": ("bob",)})
    container = await build_container(denied, clock=clock, ids=SequentialIds(), rail=rail)
    try:
        deps = container.deps
        alice = (await onboarding.start(deps, 1, "Alice", "alice")).user
        bob = (await onboarding.start(deps, 2, "Bob", "bob")).user.id
        with pytest.raises(PaymentBlocked, match="payments to this person are not allowed"):
            await proposals.propose(
                deps, alice, Intent(kind="pay", recipient=bob, amount=Decimal(1))
            )
    finally:
        await container.aclose()
    assert rail.requests == []


async def test_a_payee_deny_listed_after_confirmation_stops_the_next_scheduled_run(
    settings: Settings, clock: FrozenClock, rail: ScriptedRail
) -> None:
    before = await build_container(settings, clock=clock, ids=SequentialIds(), rail=rail)
    try:
        deps = before.deps
        alice = (await onboarding.start(deps, 1, "Alice", "alice")).user
        bob = (await onboarding.start(deps, 2, "Bob", "bob")).user.id
        weekly = Schedule(first_run=clock.now(), timezone="UTC", rrule="FREQ=WEEKLY")
        intent = Intent(kind="pay", recipient=bob, amount=Decimal(1), schedule=weekly)
        proposal = (await proposals.propose(deps, alice, intent)).payment
        await proposals.answer(deps, proposal.id, proposal.details_hash, 1, True)
    finally:
        await before.aclose()
    sent = len(rail.requests)
    denied = settings.model_copy(update={"payee_deny_list": ("bob",)})
    after = await build_container(
        denied, clock=clock, ids=SequentialIds(itertools.count(1000)), rail=rail
    )
    try:
        clock.advance(days=7)
        [skipped] = (await tick(after.deps)).executions
    finally:
        await after.aclose()
    assert skipped.skipped and skipped.reason == "payments to this person are not allowed"
    assert len(rail.requests) == sent  # nothing more went to the gateway
