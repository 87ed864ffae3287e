"""The wallet-and-ledger aggregate's port: wallets, holds on them, and the one ledger posting."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from core.entities import Account, AccountKind, Journal


@dataclass(frozen=True)
class Hold:
    """Funds to reserve on a wallet for one run."""

    run_id: str
    account_id: str
    amount: Decimal
    asset: str


class WalletRepository(Protocol):
    """Accounts with cached balances and reservations; the journal entries stay the truth."""

    async def add(self, account: Account) -> None:
        """Open an account with a zero balance."""
        ...

    async def wallet(self, user_id: str, asset: str) -> Account | None: ...
    async def wallets(self, owners: Collection[tuple[str, str]]) -> dict[tuple[str, str], Account]:
        """Wallets by (owner id, asset), in one read."""
        ...

    async def all_wallets(self) -> Sequence[Account]:
        """Every user wallet (for the validator)."""
        ...

    async def system(self, kind: AccountKind, asset: str) -> Account | None:
        """The system account of ``kind`` in ``asset``."""
        ...

    async def funds(self, user_id: str, asset: str) -> tuple[Decimal, Decimal] | None:
        """The wallet's cached balance and its available funds; None without a wallet."""
        ...

    async def reserve(self, holds: Sequence[Hold]) -> set[str]:
        """Reserve each hold if its wallet's available balance covers it; the run ids held."""
        ...

    async def post(self, journals: Sequence[Journal], releases: Mapping[str, Decimal]) -> None:
        """Post journals (each key once: a key posted before is an error), releasing holds.

        Wallet debits must be covered by holds taken with ``reserve``; ``releases`` maps
        account id → amount to release (a failed run releases without posting).
        """
        ...

    async def posted(self, key: str) -> bool:
        """True if a journal with ``key`` exists."""
        ...

    async def journals(self) -> Sequence[Journal]:
        """Every journal with its entries (for the validator)."""
        ...

    async def entries_balance(self, account_id: str) -> Decimal:
        """Sum of the account's entries: the ledger truth."""
        ...
