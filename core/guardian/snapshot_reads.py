"""The reads of compute_features answered from a batch snapshot instead of per-run queries."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from core.entities import Account, Payment, User
from core.guardian_ports import GuardianSnapshot, Spend
from core.limits import UserLimits


class _Accounts:
    def __init__(self, snap: GuardianSnapshot) -> None:
        self._by_id = {acct.id: avail for acct, avail in snap.wallets.values()}
        self._snap = snap

    async def wallet(self, user_id: str, asset: str) -> Account | None:
        found = self._snap.wallets.get((user_id, asset))
        return found[0] if found else None

    async def available(self, account_id: str) -> Decimal:
        return self._by_id.get(account_id, Decimal(0))


class _Payments:
    def __init__(self, snap: GuardianSnapshot) -> None:
        self._pairs = {
            (payer, s.payee_id) for payer, spends in snap.succeeded.items() for s in spends
        }

    async def sent_to_before(self, payer_id: str, payee_id: str) -> bool:
        return (payer_id, payee_id) in self._pairs


class _Users:
    def __init__(self, snap: GuardianSnapshot) -> None:
        self._snap = snap

    async def get(self, user_id: str) -> User | None:
        return self._snap.users.get(user_id)


_UNSET = UserLimits()


class _Limits:
    def __init__(self, snap: GuardianSnapshot) -> None:
        self._snap = snap

    async def get(self, user_id: str) -> UserLimits:
        return self._snap.limits.get(user_id, _UNSET)


class _Guardian:
    def __init__(self, snap: GuardianSnapshot) -> None:
        self._snap = snap

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        return [s for s in self._snap.succeeded.get(payer_id, []) if s.at >= since]

    async def recent_amounts(self, payer_id: str, asset: str, limit: int) -> Sequence[Decimal]:
        mine = [s.amount for s in self._snap.succeeded.get(payer_id, []) if s.asset == asset]
        return mine[:limit]

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        return self._snap.mandates.get(payer_id, [])


class SnapshotReads:
    """Looks like the unit of work to compute_features; every answer comes from the snapshot."""

    def __init__(self, snap: GuardianSnapshot) -> None:
        self.accounts = _Accounts(snap)
        self.payments = _Payments(snap)
        self.users = _Users(snap)
        self.limits = _Limits(snap)
        self.guardian = _Guardian(snap)
