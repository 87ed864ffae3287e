"""Risk features computed from the ledger through the ports."""

from decimal import Decimal

from core.guardian import RiskFeatures
from core.ports import UnitOfWork
from core.usecases.deps import Policy, RiskRequest


async def compute_features(uow: UnitOfWork, request: RiskRequest, policy: Policy) -> RiskFeatures:
    """Gather what the guardian rules look at for ``request``."""
    wallet = await uow.accounts.wallet(request.payer_id, request.asset)
    available = await uow.accounts.available(wallet.id) if wallet else Decimal(0)
    paid_before = await uow.payments.sent_to_before(request.payer_id, request.payee_id)
    return RiskFeatures(
        amount=request.amount,
        asset=request.asset,
        available_balance=available,
        new_recipient=not paid_before,
        per_payment_cap=policy.per_payment_cap,
    )
