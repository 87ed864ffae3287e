"""Read-only answers: balances."""

from dataclasses import dataclass
from decimal import Decimal

from core.deps import Deps
from core.people import registered_user


@dataclass(frozen=True)
class BalanceView:
    """A user's balance in one asset."""

    asset: str
    balance: Decimal
    available: Decimal


async def read_balance(deps: Deps, telegram_id: int) -> BalanceView:
    """The payer's balance in the default asset (available excludes funds in flight)."""
    asset = deps.policy.default_asset
    async with deps.uow(read_only=True) as uow:
        user = await registered_user(uow, telegram_id)
        funds = await uow.wallets.funds(user.id, asset)
    if funds is None:
        return BalanceView(asset, Decimal(0), Decimal(0))
    return BalanceView(asset, *funds)
