"""The unit of work: one session, one transaction, one repository per aggregate."""

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.handled_updates import claim_in_hand
from storage.audit_repos import SqlAuditLog
from storage.guardian_repos import SqlAssessments
from storage.ledger_repos import SqlWallets
from storage.outbox import SqlOutbox
from storage.payment_repos import SqlPayments
from storage.update_repos import fence
from storage.user_repos import SqlUsers


class SqlUnitOfWork:
    """UnitOfWork on an AsyncSession; leaving without commit() rolls back."""

    users: SqlUsers
    wallets: SqlWallets
    payments: SqlPayments
    assessments: SqlAssessments
    outbox: SqlOutbox
    audit: SqlAuditLog
    _session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession], read_only: bool = False) -> None:
        self._sessions = sessions
        self._read_only = read_only

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self.users = SqlUsers(self._session)
        self.wallets = SqlWallets(self._session)
        self.payments = SqlPayments(self._session)
        self.assessments = SqlAssessments(self._session)
        self.outbox = SqlOutbox(self._session)
        self.audit = SqlAuditLog(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._session.rollback()  # a no-op after commit()
        finally:
            await self._session.close()

    async def commit(self) -> None:
        """Make this unit's changes durable (with the webhook update they answer, if any)."""
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        claim = claim_in_hand()
        if claim is not None:  # the update is recorded in the transaction of its effect
            await fence(self._session, claim)
        await self._session.commit()


class SqlUnitOfWorkFactory:
    """Opens SqlUnitOfWork instances: writers over one session factory, readers over another."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        readers: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._readers = readers or sessions

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        """A fresh unit of work."""
        if read_only:
            return SqlUnitOfWork(self._readers, read_only=True)
        return SqlUnitOfWork(self._sessions)
