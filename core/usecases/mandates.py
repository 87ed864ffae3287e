"""Stopping a standing mandate (the button on a skipped-run notice)."""

from core.entities import Payment
from core.errors import ConfirmationRefused
from core.states import PaymentStatus, RunStatus
from core.usecases.deps import Deps


async def stop(deps: Deps, payment_id: str, actor_telegram_id: int) -> Payment:
    """Cancel the payer's mandate and skip its runs that are still due; payer only, once."""
    async with deps.uow() as uow:
        payment = await uow.payments.get(payment_id)
        payer = await uow.users.get(payment.payer_id) if payment else None
        if payment is None or payer is None or payer.telegram_id != actor_telegram_id:
            raise ConfirmationRefused("This button belongs to someone else; nothing changed.")
        if not await uow.payments.transition(
            payment.id, PaymentStatus.SCHEDULED, PaymentStatus.CANCELLED
        ):
            raise ConfirmationRefused("This series is not running any more.")
        for run in await uow.runs.for_payment(payment.id):
            if run.status is RunStatus.DUE:
                await uow.runs.transition(
                    run.id, RunStatus.DUE, RunStatus.SKIPPED, error="series cancelled"
                )
        await uow.commit()
        return await uow.payments.get(payment.id) or payment
