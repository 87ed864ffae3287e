"""/start: register a Telegram user, open a wallet, credit sandbox money once."""

from dataclasses import dataclass, replace
from decimal import Decimal

from core import ledger
from core.deps import Deps
from core.entities import Account, AccountKind, User
from core.names import clean_name, clean_username
from core.wallet_ports import WalletRepository


@dataclass(frozen=True)
class Welcome:
    """What /start did."""

    user: User
    created: bool
    credited: Decimal  # zero when nothing was credited this time
    asset: str


async def _system_account(
    deps: Deps, wallets: WalletRepository, kind: AccountKind, asset: str
) -> Account:
    """The system account of ``kind`` in ``asset``, opened on first use."""
    account = await wallets.system(kind, asset)
    if account is None:
        account = Account(id=deps.ids.new_id(), asset=asset, kind=kind)
        await wallets.add(account)
    return account


async def start(deps: Deps, telegram_id: int, name: str, username: str | None) -> Welcome:
    """Register the user if new; in sandbox mode credit the starting balance exactly once."""
    asset = deps.policy.default_asset
    name, username = clean_name(name, f"user {telegram_id}"), clean_username(username)
    async with deps.uow() as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        created = user is None
        if user is None:
            user = User(
                id=deps.ids.new_id(),
                telegram_id=telegram_id,
                name=name,
                username=username,
                timezone=deps.policy.default_timezone,
            )
            await uow.users.add(user)
            if username is not None:
                await uow.users.rename(user.id, name, username)  # the handle leaves its old holder
        elif (user.name, user.username) != (name, username):  # renamed in Telegram since
            await uow.users.rename(user.id, name, username)
            user = replace(user, name=name, username=username)
        wallet = await uow.wallets.wallet(user.id, asset)
        if wallet is None:
            wallet = Account(
                id=deps.ids.new_id(), asset=asset, kind=AccountKind.WALLET, owner_id=user.id
            )
            await uow.wallets.add(wallet)
        credited = Decimal(0)
        if deps.policy.sandbox and deps.policy.sandbox_credit > 0:
            funding = await _system_account(deps, uow.wallets, AccountKind.SANDBOX_FUNDING, asset)
            journal = ledger.transfer(
                journal_id=deps.ids.new_id(),
                key=f"sandbox-credit:{user.id}:{asset}",  # the key makes the credit once-only
                kind="sandbox_credit",
                source_account=funding.id,
                target_account=wallet.id,
                asset=asset,
                amount=deps.policy.sandbox_credit,
                at=deps.clock.now(),
            )
            if not await uow.wallets.posted(journal.key):
                await uow.wallets.post([journal], {})
                credited = deps.policy.sandbox_credit
        await uow.commit()
    return Welcome(user=user, created=created, credited=credited, asset=asset)
