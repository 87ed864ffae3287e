"""What the risk features read, and those reads answered by a unit of work."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities import Payment, User
from core.limits import UserLimits
from core.payment_ports import Spend
from core.ports import UnitOfWork


class FeatureReads(Protocol):
    """The reads compute_features makes: through a unit of work, or from a batch snapshot."""

    async def available(self, user_id: str, asset: str) -> Decimal:
        """The user's available funds in ``asset`` (zero without a wallet)."""
        ...

    async def user(self, user_id: str) -> User | None: ...
    async def limits(self, user_id: str) -> UserLimits: ...
    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool: ...
    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]: ...
    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]: ...
    async def mandates(self, payer_id: str) -> Sequence[Payment]: ...


class UnitOfWorkReads:
    """FeatureReads through the repositories of an open unit of work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def available(self, user_id: str, asset: str) -> Decimal:
        """The wallet's available funds, zero without a wallet."""
        funds = await self._uow.wallets.funds(user_id, asset)
        return Decimal(0) if funds is None else funds[1]

    async def user(self, user_id: str) -> User | None:
        """A user by id."""
        return await self._uow.users.get(user_id)

    async def limits(self, user_id: str) -> UserLimits:
        """The user's own limits."""
        return await self._uow.users.limits(user_id)

    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool:
        """Has the payer paid this payee before?"""
        return await self._uow.payments.sent_to_before(payer_id, payee_id)

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """The payer's succeeded runs since ``since``."""
        return await self._uow.payments.spends(payer_id, since)

    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]:
        """The payer's last succeeded amounts in ``asset``."""
        return await self._uow.payments.recent_amounts(payer_id, asset, limit)

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """The payer's scheduled recurring payments."""
        return await self._uow.payments.mandates(payer_id)
