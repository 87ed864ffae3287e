"""An in-memory unit of work: the narrowed repository protocols over plain dicts and lists.

Fakes, not mocks: each repository keeps the contract its SQL twin keeps (compare-and-set
transitions, unique keys, balances moved only by journal entries, holds within what is
available) so use cases can be unit-tested with no I/O. A unit of work works on a copy of
the tables; commit() publishes the copy, leaving without it throws the copy away. Writers
take turns, as SQLite's BEGIN IMMEDIATE makes them, so a compare-and-set in one unit sees
every change committed before it; readers never wait.
"""

import asyncio
import copy
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from tests.memory_payments import MemoryAssessments, MemoryPayments
from tests.memory_repos import MemoryAuditLog, MemoryOutbox, MemoryUsers, MemoryWallets, Tables


class MemoryUnitOfWork:
    """UnitOfWork over a copy of the shared tables."""

    users: MemoryUsers
    wallets: MemoryWallets
    payments: MemoryPayments
    assessments: MemoryAssessments
    outbox: MemoryOutbox
    audit: MemoryAuditLog

    def __init__(self, database: "MemoryDatabase", read_only: bool = False) -> None:
        self._database = database
        self._read_only = read_only
        self.committed = False

    async def __aenter__(self) -> Self:
        if not self._read_only:
            await self._database.begin_writing()
        self._tables = copy.deepcopy(self._database.tables)
        self.users = MemoryUsers(self._tables)
        self.wallets = MemoryWallets(self._tables)
        self.payments = MemoryPayments(self._tables)
        self.assessments = MemoryAssessments(self._tables)
        self.outbox = MemoryOutbox(self._tables)
        self.audit = MemoryAuditLog(self._tables)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tables = Tables()  # whatever was not committed is gone
        if not self._read_only:
            self._database.end_writing()

    async def commit(self) -> None:
        """Publish this unit's changes."""
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._database.tables = copy.deepcopy(self._tables)
        self._database.commits += 1
        self.committed = True


@dataclass
class MemoryDatabase:
    """The shared state; calling it opens a unit of work (a UnitOfWorkFactory)."""

    tables: Tables = field(default_factory=Tables)
    commits: int = 0
    _writer: asyncio.Lock = field(default_factory=asyncio.Lock)
    _writing_task: asyncio.Task[object] | None = None

    async def begin_writing(self) -> None:
        """Wait for the open writer, if any; a task nesting two writers would wait forever."""
        if self._writer.locked() and self._writing_task is asyncio.current_task():
            raise RuntimeError("a writing unit of work is already open in this task")
        await self._writer.acquire()
        self._writing_task = asyncio.current_task()

    def end_writing(self) -> None:
        """Let the next writer in."""
        self._writing_task = None
        self._writer.release()

    def __call__(self, *, read_only: bool = False) -> MemoryUnitOfWork:
        """A fresh unit of work."""
        return MemoryUnitOfWork(self, read_only)
