"""Sending claimed runs to the gateway together, then settling them in one transaction."""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from core import ledger
from core.audit import scheduler_entries
from core.deps import Deps
from core.entities import Account, AccountKind, Journal, User
from core.gateways import GatewayRequest, GatewayResult
from core.notices import Notice
from core.payment_ports import RunOutcome
from core.ports import UnitOfWork
from core.routing.rail import NO_ROUTE
from core.scheduling import run_notices
from core.scheduling.claim import close_ended
from core.scheduling.types import EVERYONE, Audience, Claimed, Execution, PeopleAndWallets
from core.states import PaymentStatus, RunStatus

log = logging.getLogger(__name__)

NO_GATEWAY = "no_gateway_available"  # a run's failure reason when the router had no gateway


def failure_reason(result: GatewayResult) -> str | None:
    """Why a run did not pay, as stored on the run and said to the payer (None if it paid)."""
    if result.succeeded:
        return None
    # Nothing was tried when no healthy gateway carried the asset; "server error" misled.
    return NO_GATEWAY if result.gateway == NO_ROUTE else result.outcome.value


def request_for(claimed: Claimed, resend: bool = False) -> GatewayRequest:
    """The gateway request of a run: its idempotency key makes a re-send return the first result."""
    pay = claimed.payment
    return GatewayRequest(
        idempotency_key=claimed.run.idempotency_key,
        amount=pay.amount,
        asset=pay.asset,
        payer_id=pay.payer_id,
        payee_id=pay.payee_id,
        resend=resend,
    )


async def send_all(
    deps: Deps, batch: Sequence[Claimed], resend: bool = False
) -> list[GatewayResult | None]:
    """Send every run at once; None where the call raised (the run stays executing).

    ``resend`` marks runs recovered from a dead worker: their first attempt's fate is unknown.
    """
    results = await asyncio.gather(
        *(deps.rail.send(request_for(c, resend)) for c in batch), return_exceptions=True
    )
    out: list[GatewayResult | None] = []
    for claimed, result in zip(batch, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, Exception):
                raise result
            log.warning(
                "run %s: gateway call raised %r; recovery will re-send it", claimed.run.id, result
            )
            out.append(None)
        else:
            out.append(result)
    return out


async def settle(
    deps: Deps,
    batch: Sequence[Claimed],
    results: Sequence[GatewayResult | None],
    tell: Audience = EVERYONE,
) -> list[Execution]:
    """Close each answered run once, post one journal per success, queue the receipts."""
    answered = [(c, r) for c, r in zip(batch, results, strict=True) if r is not None]
    if not answered:
        return []
    now = deps.clock.now()
    async with deps.uow() as uow:
        outcomes = [_outcome(c, r) for c, r in answered]
        # The compare-and-set is the guard: a run settled elsewhere is not posted again.
        won = await uow.payments.finish(outcomes, now, RunStatus.EXECUTING)
        answered = [(c, r) for c, r in answered if c.run.id in won]
        if not answered:
            return []
        read_at_claim = _people_and_wallets_of([c for c, _ in answered])
        wallets = await _wallets(deps, uow, [c for c, _ in answered], read_at_claim.wallets)
        journals, releases = _postings(deps, answered, wallets, now)
        payments = {c.payment.id: c.payment for c, _ in answered}
        ok: dict[str, bool] = {}
        for c, r in answered:
            ok[c.payment.id] = ok.get(c.payment.id, False) or r.succeeded
        # Payments before accounts, the order a claim locks them in: no deadlock between them.
        closed = await close_ended(uow, payments, ok)
        # Batched with the settlement it records: one insert per settle, not one per run.
        runs = [
            (c.run.id, c.payment.id, RunStatus.EXECUTING, _outcome(c, r).target)
            for c, r in answered
        ]
        ends = {p: (payments[p].status, s) for p, s in closed.items()}
        await uow.audit.add(scheduler_entries(deps.ids, now, runs, ends))
        notices = await _notices(uow, answered, closed, now, read_at_claim.users, tell)
        await uow.outbox.add(notices, now)
        # Wallet rows are the ones other workers' claims and settles wait on: lock them last,
        # just before the commit, so they are held for as short a time as possible.
        await uow.wallets.post(journals, releases)
        await uow.commit()
    return [_execution(c, r, closed, now) for c, r in answered]


def _outcome(claimed: Claimed, result: GatewayResult) -> RunOutcome:
    """The run's final status as the gateway's answer decides it."""
    target = RunStatus.SUCCEEDED if result.succeeded else RunStatus.FAILED
    return RunOutcome(claimed.run.id, target, result.gateway, failure_reason(result))


def _postings(
    deps: Deps,
    answered: Sequence[tuple[Claimed, GatewayResult]],
    wallets: Mapping[tuple[str, str], Account],
    now: datetime,
) -> tuple[list[Journal], dict[str, Decimal]]:
    """One journal per paid run, and every answered run's hold to release."""
    journals: list[Journal] = []
    releases: dict[str, Decimal] = defaultdict(Decimal)
    for c, r in answered:
        pay = c.payment
        payer_wallet = wallets[(pay.payer_id, pay.asset)]
        releases[payer_wallet.id] += pay.amount
        if r.succeeded:
            journals.append(
                ledger.transfer(
                    journal_id=deps.ids.new_id(),
                    key=c.run.idempotency_key,  # one journal per run, UNIQUE in storage
                    kind="payment",
                    source_account=payer_wallet.id,
                    target_account=wallets[(pay.payee_id, pay.asset)].id,
                    asset=pay.asset,
                    amount=pay.amount,
                    at=now,
                    run_id=c.run.id,
                )
            )
    return journals, releases


def _execution(
    claimed: Claimed, result: GatewayResult, closed: Mapping[str, PaymentStatus], now: datetime
) -> Execution:
    """How the settled run ended, with its payment as the settle left it."""
    run = replace(
        claimed.run,
        status=RunStatus.SUCCEEDED if result.succeeded else RunStatus.FAILED,
        gateway=result.gateway,
        error=failure_reason(result),
        executed_at=now,
    )
    payment = replace(
        claimed.payment, status=closed.get(claimed.payment.id, claimed.payment.status)
    )
    return Execution(
        run, payment, succeeded=result.succeeded, result=result, reason=failure_reason(result)
    )


def _people_and_wallets_of(batch: Sequence[Claimed]) -> PeopleAndWallets:
    """What the claims of ``batch`` already read (nothing for runs recovered from a dead worker)."""
    readings = {id(c.read_at_claim): c.read_at_claim for c in batch if c.read_at_claim is not None}
    if len(readings) == 1:
        return next(iter(readings.values()))
    users: dict[str, User] = {}
    wallets: dict[tuple[str, str], Account] = {}
    for reading in readings.values():
        users.update(reading.users)
        wallets.update(reading.wallets)
    return PeopleAndWallets(users, wallets)


async def _wallets(
    deps: Deps,
    uow: UnitOfWork,
    batch: Sequence[Claimed],
    known: Mapping[tuple[str, str], Account],
) -> dict[tuple[str, str], Account]:
    """Payer and payee wallets; a payee's wallet in a new asset opens on first receipt."""
    wanted = {(u, c.payment.asset) for c in batch for u in (c.payment.payer_id, c.payment.payee_id)}
    wallets = {key: known[key] for key in wanted if key in known}
    if len(wallets) < len(wanted):
        wallets.update(await uow.wallets.wallets(wanted - set(wallets)))
    for owner, asset in sorted(wanted - set(wallets)):
        wallet = Account(deps.ids.new_id(), asset, AccountKind.WALLET, owner)
        await uow.wallets.add(wallet)
        wallets[(owner, asset)] = wallet
    return wallets


async def _notices(
    uow: UnitOfWork,
    answered: Sequence[tuple[Claimed, GatewayResult]],
    closed: Mapping[str, object],
    now: datetime,
    known: Mapping[str, User],
    tell: Audience,
) -> list[Notice]:
    ids = {u for c, _ in answered for u in (c.payment.payer_id, c.payment.payee_id)}
    people = {u: known[u] for u in ids if u in known}
    if len(people) < len(ids):
        people.update(await uow.users.many(ids - set(people)))
    upcoming = {c.payment.id for c, _ in answered} - set(closed)
    out: list[Notice] = []
    for c, r in answered:
        pay, run = c.payment, c.run
        payer, payee = people[pay.payer_id], people[pay.payee_id]
        next_at = None
        if pay.id in upcoming and pay.schedule.is_recurring:
            next_at = pay.schedule.next_after(max(run.scheduled_at, now))
        if r.succeeded and tell.payer:
            out.append(run_notices.receipt(run, pay, payer, payee, r.gateway, now, next_at))
        if r.succeeded and tell.payee:
            out.append(run_notices.payee_notice(run, pay, payer, payee))
        if not r.succeeded and tell.payer:
            out.append(run_notices.failed(run, pay, payer, payee, failure_reason(r) or "", next_at))
    return out
