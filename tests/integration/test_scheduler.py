"""Scheduled and recurring runs: on time, exactly once, with receipts — on SQLite and PostgreSQL."""

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.composition.container import Container
from core.errors import ConfirmationRefused
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.queries.balance import read_balance
from core.routing.rail import NO_ROUTE
from core.schedule import Schedule
from core.scheduling import series
from core.scheduling.claim import claim_due_runs
from core.scheduling.settle import send_all, settle
from core.scheduling.tick import deliver, tick
from core.states import PaymentStatus, RunStatus
from storage.ledger_repos import SqlWallets
from storage.user_repos import SqlUsers
from tests.fakes import FrozenClock, IdempotentRail, RecordingNotifier
from tests.scheduling import (
    ALICE,
    BOB,
    MALLORY,
    assert_ledger_sound,
    daily,
    payment,
    people,
    runs_of,
    spend,
    standing,
    weekly,
)

NEW_YORK = ZoneInfo("America/New_York")


async def test_a_weekly_series_runs_each_week_once_and_completes_after_its_count(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", weekly(first, count=3))
    assert [r.status for r in await runs_of(system, p.id)] == [RunStatus.DUE]
    for week in range(3):
        clock.current = first + timedelta(weeks=week, seconds=1)
        assert len((await tick(system.deps)).executions) == 1
        assert len((await tick(system.deps)).executions) == 0  # a second tick finds nothing
    runs = await runs_of(system, p.id)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED] * 3
    assert [r.scheduled_at for r in runs] == [first + timedelta(weeks=w) for w in range(3)]
    assert (await payment(system, p.id)).status is PaymentStatus.COMPLETED
    assert len(gateway.charges) == 3
    assert (await read_balance(system.deps, ALICE)).balance == Decimal(970)
    await assert_ledger_sound(system)


async def test_receipts_go_to_payer_and_payee_once_with_a_cancel_button_while_the_series_lasts(
    system: Container, clock: FrozenClock
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(minutes=5)
    await standing(system, ids[BOB], "10", weekly(first, count=2))
    notifier = RecordingNotifier()
    for week in range(2):
        clock.current = first + timedelta(weeks=week)
        await tick(system.deps)
        await deliver(system.deps, notifier)
        await deliver(system.deps, notifier)
    receipts = [n for n in notifier.sent if n.key.startswith("receipt:")]
    payee = [n for n in notifier.sent if n.key.startswith("payee:")]
    assert len(receipts) == 2 and len(payee) == 2 and len(notifier.sent) == 4
    assert receipts[0].chat_id == ALICE and payee[0].chat_id == BOB
    assert receipts[0].text.startswith("Paid 10.00 USDC to “Bob”.")
    assert "Gateway: simgw" in receipts[0].text and "Next run:" in receipts[0].text
    assert [a.kind for a in receipts[0].actions] == ["cancel_series"]
    assert receipts[1].actions == ()  # the last run: nothing left to cancel
    assert payee[0].text == "You received 10.00 USDC from “Alice”."


async def test_a_daily_series_keeps_its_local_time_across_a_daylight_saving_change(
    system: Container, clock: FrozenClock
) -> None:
    ids = await people(system)
    first = datetime(2026, 3, 6, 9, 0, tzinfo=NEW_YORK)  # DST starts Sun 8 March 2026
    clock.current = first.astimezone(UTC) - timedelta(hours=1)
    p = await standing(system, ids[BOB], "1", daily(first, "America/New_York", count=5))
    for day in range(5):
        clock.current = (first + timedelta(days=day)).astimezone(UTC) + timedelta(seconds=1)
        await tick(system.deps)
    runs = await runs_of(system, p.id)
    local = [r.scheduled_at.astimezone(NEW_YORK) for r in runs]
    assert [(t.day, t.hour, t.minute) for t in local] == [(d, 9, 0) for d in range(6, 11)]
    assert [r.scheduled_at.hour for r in runs] == [14, 14, 13, 13, 13]  # UTC shifts, wall time not
    assert all(r.status is RunStatus.SUCCEEDED for r in runs)


async def test_a_run_found_late_within_the_grace_window_still_executes(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", daily(first))
    clock.current = first + timedelta(minutes=59)  # the service was down for most of an hour
    report = await tick(system.deps)
    assert report.missed == 0 and len(report.executions) == 1
    runs = await runs_of(system, p.id)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED, RunStatus.DUE]
    assert runs[1].scheduled_at == first + timedelta(days=1)


async def test_a_run_found_after_the_grace_window_is_missed_told_and_never_bursts(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", daily(first))
    clock.current = first + timedelta(days=3, hours=2)  # down for three days
    report = await tick(system.deps)
    assert report.missed == 1 and report.executions == [] and gateway.charges == {}
    assert len((await tick(system.deps)).executions) == 0  # no catch-up burst
    runs = await runs_of(system, p.id)
    assert [r.status for r in runs] == [RunStatus.MISSED, RunStatus.DUE]
    assert runs[1].scheduled_at == first + timedelta(days=4)  # the next one still ahead
    notifier = RecordingNotifier()
    await deliver(system.deps, notifier)
    assert len(notifier.sent) == 1 and notifier.sent[0].text.startswith("Missed: 10.00 USDC")
    assert (await payment(system, p.id)).status is PaymentStatus.SCHEDULED


async def test_after_an_outage_only_the_latest_occurrence_within_grace_runs(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", daily(first))
    clock.current = first + timedelta(days=3, minutes=30)
    report = await tick(system.deps)
    assert report.missed == 1 and len(report.executions) == 1 and len(gateway.charges) == 1
    statuses = [(r.scheduled_at - first, r.status) for r in await runs_of(system, p.id)]
    assert statuses == [
        (timedelta(0), RunStatus.MISSED),
        (timedelta(days=3), RunStatus.SUCCEEDED),
        (timedelta(days=4), RunStatus.DUE),
    ]


async def test_a_late_one_off_outside_grace_is_missed_and_the_payment_closes(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    when = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", Schedule.once(when))
    clock.current = when + timedelta(hours=2)
    assert (await tick(system.deps)).missed == 1 and gateway.charges == {}
    assert (await payment(system, p.id)).status is PaymentStatus.FAILED


async def test_insufficient_funds_fails_the_run_and_the_series_lives_on(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "200", weekly(first))
    clock.current = first
    await tick(system.deps)
    await spend(system, ids[MALLORY], "700")  # Alice spends elsewhere: 100 USDC left
    clock.current = first + timedelta(weeks=1)
    await tick(system.deps)
    runs = await runs_of(system, p.id)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.DUE]
    # Charged: the first run and the 700 to Mallory; the short second run never reached it.
    assert runs[1].error == "insufficient funds" and len(gateway.charges) == 2
    assert (await payment(system, p.id)).status is PaymentStatus.SCHEDULED
    notifier = RecordingNotifier()
    await deliver(system.deps, notifier)
    failed = [n for n in notifier.sent if n.key.startswith("failed:")]
    assert len(failed) == 1 and "insufficient funds" in failed[0].text
    assert "Next run:" in failed[0].text
    await assert_ledger_sound(system)


class NoGatewayUp:
    """The routed rail's answer when every gateway carrying the asset is out of rotation."""

    async def send(self, request: GatewayRequest) -> GatewayResult:
        return GatewayResult(NO_ROUTE, Outcome.SERVER_ERROR, 0.0)


async def test_a_run_with_no_gateway_available_says_so_and_moves_nothing(
    system: Container, clock: FrozenClock
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "25", weekly(first))
    clock.current = first
    await tick(dataclasses.replace(system.deps, rail=NoGatewayUp()))
    runs = await runs_of(system, p.id)
    assert [r.status for r in runs] == [RunStatus.FAILED, RunStatus.DUE]
    assert runs[0].error == "no_gateway_available"
    notifier = RecordingNotifier()
    await deliver(system.deps, notifier)
    [failed] = [n for n in notifier.sent if n.key.startswith("failed:")]
    assert "(no gateway available)" in failed.text and "Nothing moved." in failed.text
    assert (await read_balance(system.deps, ALICE)).balance == Decimal(1000)
    await assert_ledger_sound(system)


async def test_cancelling_a_series_stops_it_before_the_next_claim(
    system: Container, clock: FrozenClock, gateway: IdempotentRail
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(hours=1)
    p = await standing(system, ids[BOB], "10", weekly(first))
    listed = await series.upcoming(system.deps, ALICE)
    assert [i.payment.id for i in listed.items] == [p.id]
    with pytest.raises(ConfirmationRefused, match="someone else"):
        await series.cancel_series(system.deps, p.id, MALLORY)
    done = await series.cancel_series(system.deps, p.id, ALICE)
    assert done.runs_cancelled == 1
    with pytest.raises(ConfirmationRefused, match="not scheduled"):
        await series.cancel_series(system.deps, p.id, ALICE)
    clock.current = first + timedelta(minutes=1)
    assert (await tick(system.deps)).executions == [] and gateway.charges == {}
    assert [r.status for r in await runs_of(system, p.id)] == [RunStatus.CANCELLED]
    assert (await series.upcoming(system.deps, ALICE)).items == ()


async def test_a_settle_uses_what_its_claim_read_and_reads_what_it_was_not_given(
    system: Container, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await people(system)
    first = clock.now() + timedelta(minutes=5)
    await standing(system, ids[BOB], "10", weekly(first, count=2))
    reads: list[str] = []
    for label, repository, name in (
        ("wallets", SqlWallets, "wallets"),
        ("people", SqlUsers, "many"),
    ):
        read = getattr(repository, name)

        async def counted(repo: Any, keys: Any, _label: str = label, _read: Any = read) -> Any:
            reads.append(_label)
            return await _read(repo, keys)

        monkeypatch.setattr(repository, name, counted)
    clock.current = first
    claimed, _ = await claim_due_runs(system.deps, clock.now())
    done = await settle(system.deps, claimed, await send_all(system.deps, claimed))
    assert [e.succeeded for e in done] == [True] and reads == []
    # A run recovered from a dead worker comes without its claim's reads: they are read again.
    clock.current = first + timedelta(weeks=1)
    claimed, _ = await claim_due_runs(system.deps, clock.now())
    recovered = [dataclasses.replace(c, read_at_claim=None) for c in claimed]
    done = await settle(system.deps, recovered, await send_all(system.deps, recovered))
    assert [e.succeeded for e in done] == [True] and sorted(reads) == ["people", "wallets"]
    assert (await read_balance(system.deps, ALICE)).balance == Decimal(980)
    await assert_ledger_sound(system)
