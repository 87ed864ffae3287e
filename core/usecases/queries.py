"""Read-only answers: balances."""

from dataclasses import dataclass
from decimal import Decimal

from core.entities import Payment, User
from core.usecases.deps import Deps
from core.usecases.payments import registered_user


@dataclass(frozen=True)
class BalanceView:
    """A user's balance in one asset."""

    asset: str
    balance: Decimal
    available: Decimal


async def balance(deps: Deps, telegram_id: int) -> BalanceView:
    """The payer's balance in the default asset (available excludes funds in flight)."""
    asset = deps.policy.default_asset
    async with deps.uow() as uow:
        user = await registered_user(uow, telegram_id)
        wallet = await uow.accounts.wallet(user.id, asset)
        if wallet is None:
            return BalanceView(asset, Decimal(0), Decimal(0))
        return BalanceView(
            asset, await uow.accounts.balance(wallet.id), await uow.accounts.available(wallet.id)
        )


async def parties(deps: Deps, payment: Payment) -> tuple[User, User]:
    """The payer and payee of a payment."""
    async with deps.uow() as uow:
        payer = await uow.users.get(payment.payer_id)
        payee = await uow.users.get(payment.payee_id)
    if payer is None or payee is None:
        raise LookupError(f"payment {payment.id} names a missing user")
    return payer, payee
