"""Claiming: missed runs marked, abandoned runs re-claimed, due runs moved to executing."""

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from core.assessment_ports import GuardianSnapshot
from core.audit import scheduler_entries
from core.deps import Deps
from core.entities import Payment, Run
from core.guardian.preflight import preflight_many, snapshot_for
from core.notices import Notice
from core.payment_ports import RunOutcome
from core.ports import UnitOfWork
from core.scheduling import run_notices
from core.scheduling.types import INSUFFICIENT, Claimed, Execution, PeopleAndWallets, new_run
from core.states import PaymentStatus, RunStatus
from core.wallet_ports import Hold

_TICK = timedelta(microseconds=1)
_NONE = timedelta(0)


def successor(deps: Deps, run: Run, payment: Payment, now: datetime) -> Run | None:
    """The series' next run after ``run``; occurrences already past the grace window are skipped.

    A series never bursts to catch up: at most the latest occurrence still within grace runs.
    """
    if not payment.schedule.is_recurring:
        return None
    floor = max(run.scheduled_at, now - deps.policy.misfire_grace - _TICK)
    after = payment.schedule.next_after(floor)
    return None if after is None else new_run(deps.ids, payment.id, after)


async def close_ended(
    uow: UnitOfWork, payments: Mapping[str, Payment], ok: Mapping[str, bool]
) -> dict[str, PaymentStatus]:
    """Close payments with no run left: a one-off by its run's outcome, a series as completed."""
    ended = set(ok) - await uow.payments.unfinished(set(ok))
    done = {p for p in ended if payments[p].schedule.is_recurring or ok[p]}
    failed = ended - done
    await uow.payments.close(done, PaymentStatus.COMPLETED)
    await uow.payments.close(failed, PaymentStatus.FAILED)
    return {p: PaymentStatus.COMPLETED if p in done else PaymentStatus.FAILED for p in ended}


async def _notices(
    uow: UnitOfWork,
    items: Collection[tuple[Run, Payment, Run | None]],
    make: str,
) -> list[Notice]:
    ids = {u for _, p, _ in items for u in (p.payer_id, p.payee_id)}
    people = await uow.users.many(ids)
    out = []
    for run, payment, nxt in items:
        payer, payee = people[payment.payer_id], people[payment.payee_id]
        next_at = nxt.scheduled_at if nxt else None
        if make == "missed":
            out.append(run_notices.missed(run, payment, payer, payee, next_at))
        else:
            out.append(run_notices.failed(run, payment, payer, payee, INSUFFICIENT, next_at))
    return out


async def sweep_missed(deps: Deps, now: datetime, allowance: timedelta = _NONE) -> int:
    """Mark runs found later than the grace window as missed, tell the payer, plan the next.

    ``allowance`` widens the window by a recent forward step of the wall clock.
    """
    before = now - deps.policy.misfire_grace - allowance
    async with deps.uow() as uow:
        runs = await uow.payments.mark_missed(before, deps.policy.tick_batch)
        if not runs:
            return 0
        payments = await uow.payments.many({r.payment_id for r in runs})
        items = [
            (r, payments[r.payment_id], successor(deps, r, payments[r.payment_id], now))
            for r in runs
        ]
        await uow.payments.add_runs([nxt for _, _, nxt in items if nxt is not None])
        await uow.outbox.add(await _notices(uow, items, "missed"), now)
        await close_ended(uow, payments, {r.payment_id: False for r in runs})
        await uow.commit()
    return len(runs)


async def recover(deps: Deps, now: datetime, allowance: timedelta = _NONE) -> list[Claimed]:
    """Re-claim runs left executing by a dead worker; they are re-sent with the same key."""
    stale_before = now - deps.policy.run_lease - allowance
    async with deps.uow() as uow:
        runs = await uow.payments.reclaim_abandoned(stale_before, now, deps.policy.tick_batch)
        if not runs:
            return []
        payments = await uow.payments.many({r.payment_id for r in runs})
        await uow.commit()
    return [Claimed(r, payments[r.payment_id]) for r in runs]


async def claim_due_runs(
    deps: Deps, now: datetime, run_ids: Collection[str] | None = None, notify: bool = True
) -> tuple[list[Claimed], list[Execution]]:
    """Claim due runs, hold the payers' funds, and plan each series' next run, atomically.

    Runs the payer cannot cover fail here (the series lives on); the rest go to the gateway.
    """
    async with deps.uow() as uow:
        result = await claim_due_runs_in_transaction(deps, uow, now, run_ids, notify)
        await uow.commit()
    return result


async def claim_due_runs_in_transaction(
    deps: Deps,
    uow: UnitOfWork,
    now: datetime,
    run_ids: Collection[str] | None = None,
    notify: bool = True,
) -> tuple[list[Claimed], list[Execution]]:
    """claim_due_runs inside the caller's transaction (the caller commits)."""
    runs = await uow.payments.claim(now, deps.policy.tick_batch, run_ids)
    if not runs:
        return [], []
    payments = await uow.payments.many({r.payment_id for r in runs})
    snap = await snapshot_for(deps, uow, [(r, payments[r.payment_id]) for r in runs])
    refused = await _skip_runs_preflight_refuses(deps, uow, runs, payments, now, notify, snap)
    if refused:
        runs = [r for r in runs if r.id not in {e.run.id for e in refused}]
    claims = [(r.id, r.payment_id, RunStatus.DUE, RunStatus.EXECUTING) for r in runs]
    await uow.audit.add(scheduler_entries(deps.ids, now, claims, {}))
    holds = []
    for run in runs:
        pay = payments[run.payment_id]
        # The snapshot has every payer's wallets; the hold re-reads the balance under a lock.
        found = snap.wallets.get((pay.payer_id, pay.asset))
        if found is not None:
            holds.append(Hold(run.id, found[0].id, pay.amount, pay.asset))
    nexts = {r.id: successor(deps, r, payments[r.payment_id], now) for r in runs}
    await uow.payments.add_runs([n for n in nexts.values() if n is not None])
    held = await uow.wallets.reserve(holds)  # wallet locks last: other workers wait on them
    short = [r for r in runs if r.id not in held]
    failures: list[Execution] = list(refused)
    if short:
        outcomes = [RunOutcome(r.id, RunStatus.FAILED, error=INSUFFICIENT) for r in short]
        await uow.payments.finish(outcomes, now, RunStatus.EXECUTING)
        closed = await close_ended(uow, payments, {r.payment_id: False for r in short})
        fails = [(r.id, r.payment_id, RunStatus.EXECUTING, RunStatus.FAILED) for r in short]
        ends = {p: (payments[p].status, s) for p, s in closed.items()}
        await uow.audit.add(scheduler_entries(deps.ids, now, fails, ends))
        items = [(r, payments[r.payment_id], nexts[r.id]) for r in short]
        if notify:
            await uow.outbox.add(await _notices(uow, items, "failed"), now)
        failures += [_failure(r, payments[r.payment_id], closed, now) for r in short]
    read_at_claim = PeopleAndWallets(
        snap.users, {key: wallet for key, (wallet, _) in snap.wallets.items()}
    )
    claimed = [Claimed(r, payments[r.payment_id], read_at_claim) for r in runs if r.id in held]
    return claimed, failures


def _failure(
    run: Run, payment: Payment, closed: Mapping[str, PaymentStatus], now: datetime
) -> Execution:
    run = replace(run, status=RunStatus.FAILED, error=INSUFFICIENT, executed_at=now)
    payment = replace(payment, status=closed.get(payment.id, payment.status))
    return Execution(run, payment, succeeded=False, result=None, reason=INSUFFICIENT)


async def _skip_runs_preflight_refuses(
    deps: Deps,
    uow: UnitOfWork,
    runs: Collection[Run],
    payments: Mapping[str, Payment],
    now: datetime,
    notify: bool,
    snap: GuardianSnapshot,
) -> list[Execution]:
    """Re-run the guardian and the mandate checks; refused runs are skipped, the payer told."""
    skipped: list[Execution] = []
    items = [(r, payments[r.payment_id]) for r in runs]
    verdicts = await preflight_many(deps, uow, items, snap)
    for run in runs:
        payment = payments[run.payment_id]
        verdict = verdicts[run.id]
        if verdict.proceed:
            continue
        reason = (verdict.reason or "the risk checks failed")[:200]
        outcome = RunOutcome(run.id, RunStatus.SKIPPED, error=reason)
        if not await uow.payments.finish([outcome], now, RunStatus.EXECUTING):
            continue
        nxt = None if verdict.exhausted else successor(deps, run, payment, now)
        if nxt is not None:
            await uow.payments.add_runs([nxt])
        ended = not payment.schedule.is_recurring or verdict.exhausted
        if ended:
            target = PaymentStatus.COMPLETED if verdict.exhausted else PaymentStatus.FAILED
            await uow.payments.close({payment.id}, target)
            payment = replace(payment, status=target)
        if notify:
            people = await uow.users.many({payment.payer_id, payment.payee_id})
            notice = run_notices.skipped(
                run,
                payment,
                people[payment.payer_id],
                people[payment.payee_id],
                reason,
                nxt.scheduled_at if nxt else None,
            )
            await uow.outbox.add([notice], now)
        done = replace(run, status=RunStatus.SKIPPED, error=reason, executed_at=now)
        skipped.append(Execution(done, payment, False, None, reason, skipped=True))
    return skipped
