"""Executing one run: reserve, send through the rail, then post exactly one journal."""

import logging
from dataclasses import dataclass

from core import ledger
from core.entities import Account, AccountKind, Payment, Run
from core.gateways import GatewayRequest, GatewayResult
from core.ports import PaymentRepository, UnitOfWork
from core.states import PaymentStatus, RunStatus
from core.usecases.deps import Deps
from core.usecases.preflight import preflight, skip_run

log = logging.getLogger(__name__)

INSUFFICIENT = "insufficient funds"


@dataclass(frozen=True)
class Execution:
    """How a run ended."""

    run: Run
    payment: Payment
    succeeded: bool
    result: GatewayResult | None
    reason: str | None = None
    skipped: bool = False  # the pre-run checks refused the run; nothing was reserved or sent


async def execute_run(deps: Deps, run_id: str) -> Execution | None:
    """Execute a due run once; None if another worker already claimed it."""
    claimed = await _claim(deps, run_id)
    if claimed is None or isinstance(claimed, Execution):
        return claimed
    run, payment = claimed
    request = GatewayRequest(
        idempotency_key=run.idempotency_key,
        amount=payment.amount,
        asset=payment.asset,
        payer_id=payment.payer_id,
        payee_id=payment.payee_id,
    )
    result = await deps.rail.send(request)
    return await _settle(deps, run, payment, result)


async def _claim(deps: Deps, run_id: str) -> tuple[Run, Payment] | Execution | None:
    """Move the run due → executing and reserve the payer's funds, in one transaction."""
    async with deps.uow() as uow:
        run = await uow.runs.get(run_id)
        if run is None or run.status is not RunStatus.DUE:
            return None
        payment = await uow.payments.get(run.payment_id)
        if payment is None or payment.status is not PaymentStatus.SCHEDULED:
            return None
        verdict = await preflight(deps, uow, run, payment)
        if not verdict.proceed:
            if not await skip_run(uow, run, payment, verdict):
                return None
            await uow.commit()
            return Execution(run, payment, False, None, verdict.reason, skipped=True)
        wallet = await uow.accounts.wallet(payment.payer_id, payment.asset)
        if wallet is None or not await uow.accounts.reserve(wallet.id, payment.amount):
            if not await uow.runs.transition(
                run.id, RunStatus.DUE, RunStatus.FAILED, error=INSUFFICIENT
            ):
                return None
            await _close_one_off(uow_payments=uow.payments, payment=payment, ok=False)
            await uow.commit()
            return Execution(run, payment, succeeded=False, result=None, reason=INSUFFICIENT)
        if not await uow.runs.transition(run.id, RunStatus.DUE, RunStatus.EXECUTING):
            return None  # rolled back with the reservation: someone else has it
        await uow.commit()
    return run, payment


async def _settle(deps: Deps, run: Run, payment: Payment, result: GatewayResult) -> Execution:
    """Post the journal and close the run (or release the funds on failure)."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        payer_wallet = await uow.accounts.wallet(payment.payer_id, payment.asset)
        payee_wallet = await uow.accounts.wallet(payment.payee_id, payment.asset)
        if payee_wallet is None:
            payee_wallet = await _open_wallet(deps, uow, payment)
        assert payer_wallet is not None  # reserved against it in _claim
        await uow.accounts.release(payer_wallet.id, payment.amount)
        if result.succeeded:
            journal = ledger.transfer(
                journal_id=deps.ids.new_id(),
                key=run.idempotency_key,  # one journal per run, enforced by a UNIQUE key
                kind="payment",
                source_account=payer_wallet.id,
                target_account=payee_wallet.id,
                asset=payment.asset,
                amount=payment.amount,
                at=now,
                run_id=run.id,
            )
            await uow.ledger.post(journal)
        target = RunStatus.SUCCEEDED if result.succeeded else RunStatus.FAILED
        error = None if result.succeeded else result.outcome.value
        if not await uow.runs.transition(
            run.id,
            RunStatus.EXECUTING,
            target,
            gateway=result.gateway,
            error=error,
            executed_at=now,
        ):
            log.warning("run %s settled elsewhere; discarding this settlement", run.id)
            return Execution(run, payment, succeeded=False, result=result, reason="duplicate")
        await _close_one_off(uow_payments=uow.payments, payment=payment, ok=result.succeeded)
        await uow.commit()
        settled_run = await uow.runs.get(run.id)
        settled_payment = await uow.payments.get(payment.id)
    return Execution(
        settled_run or run,
        settled_payment or payment,
        succeeded=result.succeeded,
        result=result,
        reason=error,
    )


async def _open_wallet(deps: Deps, uow: UnitOfWork, payment: Payment) -> Account:
    """The payee's wallet in the payment's asset, opened on their first receipt."""
    wallet = Account(
        id=deps.ids.new_id(),
        asset=payment.asset,
        kind=AccountKind.WALLET,
        owner_id=payment.payee_id,
    )
    await uow.accounts.add(wallet)
    return wallet


async def _close_one_off(uow_payments: PaymentRepository, payment: Payment, ok: bool) -> None:
    """A one-off payment ends with its only run; a mandate stays scheduled."""
    if payment.schedule.is_recurring:
        return
    target = PaymentStatus.COMPLETED if ok else PaymentStatus.FAILED
    await uow_payments.transition(payment.id, PaymentStatus.SCHEDULED, target)
