"""The reads of compute_features answered from a batch snapshot instead of per-run queries."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from core.assessment_ports import GuardianSnapshot
from core.entities import Payment, User
from core.limits import UserLimits
from core.payment_ports import Spend

_UNSET = UserLimits()


class SnapshotReads:
    """FeatureReads where every answer comes from the snapshot."""

    def __init__(self, snap: GuardianSnapshot) -> None:
        self._snap = snap
        self._paid_pairs = {
            (payer, s.payee_id) for payer, spends in snap.succeeded.items() for s in spends
        }

    async def available(self, user_id: str, asset: str) -> Decimal:
        """The wallet's available funds as the snapshot read them, zero without a wallet."""
        found = self._snap.wallets.get((user_id, asset))
        return found[1] if found else Decimal(0)

    async def user(self, user_id: str) -> User | None:
        """A user by id."""
        return self._snap.users.get(user_id)

    async def limits(self, user_id: str) -> UserLimits:
        """The user's own limits."""
        return self._snap.limits.get(user_id, _UNSET)

    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool:
        """Has the payer paid this payee before?"""
        return (payer_id, payee_id) in self._paid_pairs

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """The payer's succeeded runs since ``since``."""
        return [s for s in self._snap.succeeded.get(payer_id, []) if s.at >= since]

    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]:
        """The payer's last succeeded amounts in ``asset``."""
        mine = [s.amount for s in self._snap.succeeded.get(payer_id, []) if s.asset == asset]
        return mine[:limit]

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """The payer's scheduled recurring payments."""
        return self._snap.mandates.get(payer_id, [])
