"""The guardian reads a payer's history in bounded windows, on SQLite and PostgreSQL.

A window holds every succeeded run since a day before the decision and the newest 50 whatever
their age, in the asset asked about; the tests hold the reads against the whole history.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, text

from bot.composition.container import Container
from core.accounts import onboarding
from core.assessment_ports import HistoryWindow
from core.entities import Payment, Run
from core.guardian.features import HISTORY, history_window
from core.payment_ports import Spend
from core.schedule import Schedule
from core.states import PaymentStatus, RunStatus
from storage import guardian_history
from storage.dialects import index_lookups
from tests.fakes import FrozenClock

DAYS = 5


async def _person(system: Container, telegram_id: int, name: str) -> str:
    return (await onboarding.start(system.deps, telegram_id, name, None)).user.id


def _payment(system: Container, payer: str, payee: str, asset: str, **limits: object) -> Payment:
    first = system.deps.clock.now() - timedelta(days=DAYS + 1)
    return Payment(
        id=system.deps.ids.new_id(),
        payer_id=payer,
        payee_id=payee,
        amount=Decimal(3),
        asset=asset,
        schedule=Schedule.once(first),
        status=PaymentStatus.SCHEDULED,
        details_hash="h",
        created_at=first,
        confirm_expires_at=first,
        **limits,  # type: ignore[arg-type]
    )


async def _history(system: Container, payer: str, payees: list[str]) -> list[Spend]:
    """Hourly succeeded runs over DAYS days, alternating assets and payees; all of them, newest
    first (the oracle the windows are held against)."""
    now = system.deps.clock.now()
    payments = [
        _payment(system, payer, payee, asset) for payee in payees for asset in ("USDC", "EUR")
    ]
    runs, spends = [], []
    for hour in range(DAYS * 24):
        payment = payments[hour % len(payments)]
        at = now - timedelta(hours=hour, minutes=1)
        runs.append(
            Run(
                system.deps.ids.new_id(),
                payment.id,
                at,
                f"k{hour}",
                RunStatus.SUCCEEDED,
                None,
                None,
                at,
            )
        )
        spends.append(Spend(payment.id, payment.payee_id, payment.amount, payment.asset, at))
    async with system.deps.uow() as uow:
        for payment in payments:
            await uow.payments.add(payment)
        await uow.payments.add_runs(runs)
        await uow.commit()
    return spends


def _expected(all_runs: list[Spend], asset: str, window: HistoryWindow) -> list[Spend]:
    mine = [s for s in all_runs if s.asset == asset]
    return [s for n, s in enumerate(mine) if n < window.newest or s.at >= window.since]


async def test_one_requests_facts_hold_its_window_and_nothing_older(
    system: Container, clock: FrozenClock
) -> None:
    payer = await _person(system, 1, "Payer")
    paid, stranger = await _person(system, 2, "Paid"), await _person(system, 3, "Stranger")
    all_runs = await _history(system, payer, [paid])
    window = history_window([clock.now()])
    async with system.deps.uow(read_only=True) as uow:
        facts = await uow.assessments.feature_facts(payer, paid, "USDC", window)
        new = await uow.assessments.feature_facts(payer, stranger, "USDC", window)
    expected = _expected(all_runs, "USDC", window)
    assert len(expected) == HISTORY < len([s for s in all_runs if s.asset == "USDC"])
    assert list(facts.recent) == expected
    assert facts.paid_before and not new.paid_before
    assert facts.available == Decimal(1000)  # the play credit: the runs were seeded, not settled
    assert facts.payee_keys == frozenset({"2"})


async def test_a_day_of_runs_beyond_the_newest_fifty_is_kept_whole(
    system: Container, clock: FrozenClock
) -> None:
    payer, payee = await _person(system, 1, "Payer"), await _person(system, 2, "Paid")
    all_runs = await _history(system, payer, [payee])
    window = HistoryWindow(since=clock.now() - timedelta(days=3), newest=10)
    async with system.deps.uow(read_only=True) as uow:
        facts = await uow.assessments.feature_facts(payer, payee, "EUR", window)
    expected = _expected(all_runs, "EUR", window)
    assert len(expected) == 36  # three days of every other hour, more than the newest ten
    assert list(facts.recent) == expected


async def test_a_batch_snapshot_reads_the_same_windows_and_counts_only_limited_series(
    system: Container, clock: FrozenClock
) -> None:
    payer, payee = await _person(system, 1, "Payer"), await _person(system, 2, "Paid")
    other, stranger = await _person(system, 3, "Other"), await _person(system, 4, "Stranger")
    all_runs = await _history(system, payer, [payee, other])
    limited = _payment(system, payer, payee, "USDC", max_runs=5)
    unlimited = _payment(system, payer, stranger, "EUR")
    done = [
        Run(
            system.deps.ids.new_id(),
            limited.id,
            clock.now() - timedelta(days=9, hours=n),
            f"l{n}",
            RunStatus.SUCCEEDED,
            None,
            None,
            clock.now() - timedelta(days=9, hours=n),
        )
        for n in range(3)
    ]
    async with system.deps.uow() as uow:
        await uow.payments.add(limited)
        await uow.payments.add(unlimited)
        await uow.payments.add_runs(done)
        await uow.commit()
    all_runs += [Spend(limited.id, payee, Decimal(3), "USDC", r.scheduled_at) for r in done]
    window = history_window([clock.now()])
    async with system.deps.uow(read_only=True) as uow:
        snap = await uow.assessments.snapshot(
            [limited, unlimited], {payer, payee, stranger}, window
        )
    assert snap.recent[(payer, "USDC")] == _expected(all_runs, "USDC", window)
    assert snap.recent[(payer, "EUR")] == _expected(all_runs, "EUR", window)
    assert snap.paid == {(payer, payee)}
    assert snap.runs_done == {limited.id: 3}  # the three old runs, far outside the window


@contextmanager
def _statements(system: Container) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(system.engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(system.engine.sync_engine, "before_cursor_execute", note)


async def test_a_proposals_features_take_three_statements(
    system: Container, clock: FrozenClock
) -> None:
    payer, payee = await _person(system, 1, "Payer"), await _person(system, 2, "Paid")
    await _history(system, payer, [payee])
    async with system.deps.uow(read_only=True) as uow:
        with _statements(system) as seen:
            await uow.assessments.feature_facts(payer, payee, "USDC", history_window([clock.now()]))
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 3


async def _plan(session: Any, query: Any, values: dict[str, Any]) -> str:
    """The database's plan for ``query`` with ``values``, as one text."""
    compiled = query.params(values).compile(
        session.get_bind(), compile_kwargs={"literal_binds": True}
    )
    postgres = session.get_bind().dialect.name == "postgresql"
    prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
    async with index_lookups(session):
        return "\n".join(str(r) for r in await session.execute(text(prefix + str(compiled))))


def _no_walk_of_runs(plan: str) -> bool:
    """Neither a scan of runs nor a way in by status alone (every succeeded run)."""
    scans = "Seq Scan on runs" in plan or "SCAN runs" in plan.replace("SCAN runs USING", "")
    return not scans and "ix_runs_status_scheduled" not in plan


async def test_history_reads_go_through_the_payer_indexes_even_with_stale_statistics(
    system: Container, clock: FrozenClock
) -> None:
    payer, payee = await _person(system, 1, "Payer"), await _person(system, 2, "Paid")
    postgres = system.engine.dialect.name == "postgresql"
    if postgres:  # statistics taken while the history was empty, then the history arrives
        async with system.engine.connect() as connection:
            await connection.execute(text("ANALYZE runs"))
            await connection.execute(text("ANALYZE payments"))
    await _history(system, payer, [payee])
    window = guardian_history.window_parameters(history_window([clock.now()]))
    async with system.deps.uow(read_only=True) as uow:
        batch = [p.id for p in await uow.payments.of_payer(payer, [PaymentStatus.SCHEDULED], 5)]
        session = uow._session  # type: ignore[attr-defined]
        one = guardian_history.recent_runs(guardian_history.PAIR, postgres)
        one_plan = await _plan(session, one, {"payer_id": payer, "asset": "USDC"} | window)
        pairs = guardian_history.pairs_of(session, batch)
        many_plan = await _plan(session, guardian_history.recent_runs(pairs, postgres), window)
        paid_plan = await _plan(session, guardian_history.paid_pairs_query(session, batch), {})
    for plan in (one_plan, many_plan):
        assert "ix_runs_payer_executed" in plan and _no_walk_of_runs(plan), plan
    # Each pair's runs and their payments are one lookup: no pair is matched against every
    # payment of its asset (a hash join on asset once made a batch of 500 take a second).
    assert "Hash Join" not in many_plan, many_plan
    assert "ix_payments_payer_payee" in paid_plan and _no_walk_of_runs(paid_plan), paid_plan
