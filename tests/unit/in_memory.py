"""Use cases wired to the in-memory unit of work: no database, no network, no files."""

from dataclasses import dataclass, replace
from decimal import Decimal

from agents.guardian import GuardianAgent
from agents.intent import IntentAgent
from core.accounts import onboarding
from core.deps import Deps, Policy
from core.entities import Payment, User
from core.intent import Intent
from core.payments import proposals
from core.schedule import Schedule
from tests.fakes import FrozenClock, ScriptedRail, SequentialIds
from tests.memory_uow import MemoryDatabase

ALICE, BOB = 1, 2


@dataclass
class World:
    """The use cases' dependencies over one in-memory database."""

    deps: Deps
    db: MemoryDatabase
    clock: FrozenClock
    rail: ScriptedRail

    async def user(self, telegram_id: int, name: str) -> User:
        """Someone who has sent /start (with the sandbox credit)."""
        return (await onboarding.start(self.deps, telegram_id, name, name.lower())).user

    async def propose(
        self, payer: User, payee: User, amount: str, schedule: Schedule | None = None
    ) -> Payment:
        """A payment the payer asked for (now, without a schedule), waiting for Confirm."""
        intent = Intent(
            kind="pay", recipient=payee.id, amount=Decimal(amount), asset="USDC", schedule=schedule
        )
        return (await proposals.propose(self.deps, payer, intent)).payment

    async def confirm(self, payment: Payment, telegram_id: int) -> proposals.Answered:
        """The payer's Confirm tap on the card they were shown."""
        return await proposals.answer(
            self.deps, payment.id, payment.details_hash, telegram_id, True
        )


def world(policy: Policy | None = None) -> World:
    """A fresh in-memory world with a frozen clock and a gateway that always pays."""
    db, clock, rail = MemoryDatabase(), FrozenClock(), ScriptedRail()
    policy = policy or Policy()
    deps = Deps(
        uow=db,
        clock=clock,
        ids=SequentialIds(),
        interpreter=IntentAgent(),
        guardian=GuardianAgent(db, policy),
        rail=rail,
        policy=policy,
    )
    return World(deps, db, clock, rail)


def with_policy(w: World, **changes: object) -> World:
    """The same world under a changed policy."""
    policy = replace(w.deps.policy, **changes)  # type: ignore[arg-type]
    deps = replace(w.deps, policy=policy, guardian=GuardianAgent(w.db, policy))
    return World(deps, w.db, w.clock, w.rail)
