"""Bench plumbing: a shifted clock, a counting instant rail, scratch databases, seeding."""

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters import SystemClock, UuidIds
from core.confirmation import details_hash
from core.entities import Payment
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.schedule import Schedule
from core.scheduling.types import new_run
from core.states import PaymentStatus
from core.usecases import onboarding
from core.usecases.deps import Deps

SEED_BATCH = 1000


@dataclass
class ShiftedClock:
    """The wall clock moved by a fixed offset, so seeded runs fall due when the bench starts."""

    offset: timedelta

    def now(self) -> datetime:
        """Now plus the offset."""
        return SystemClock().now() + self.offset


class CountingRail:
    """The instant sandbox gateway, counting calls (duplicates show up as extra calls)."""

    def __init__(self) -> None:
        self._seen: dict[str, GatewayResult] = {}
        self.calls = 0

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Succeed at once, idempotent on the key, and count every call."""
        self.calls += 1
        if request.idempotency_key not in self._seen:
            self._seen[request.idempotency_key] = GatewayResult(
                "bench", Outcome.SUCCEEDED, 0.0, reference=request.idempotency_key[:16]
            )
        return self._seen[request.idempotency_key]


def _async_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_postgres(server_url: str, name: str) -> AsyncIterator[str]:
    """A new database on the server, dropped afterwards."""
    admin = create_async_engine(_async_url(server_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as db:
        await db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await db.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(_async_url(server_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        async with admin.connect() as db:
            await db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def seed(deps: Deps, runs: int, users: int, due_at: datetime, seed: int = 7) -> None:
    """``users`` funded users and ``runs`` confirmed one-off payments among them, due at once."""
    draw = random.Random(seed)  # noqa: S311 - picks payers and payees, not security
    people = []
    for n in range(users):
        people.append((await onboarding.start(deps, 10_000_000 + n, f"bench {n}", None)).user.id)
    ids = UuidIds()
    amount = Decimal("0.01")
    for start in range(0, runs, SEED_BATCH):
        async with deps.uow() as uow:
            batch = []
            for _ in range(min(SEED_BATCH, runs - start)):
                payer, payee = draw.sample(people, 2)
                schedule = Schedule.once(due_at)
                payment = Payment(
                    id=ids.new_id(),
                    payer_id=payer,
                    payee_id=payee,
                    amount=amount,
                    asset=deps.policy.default_asset,
                    schedule=schedule,
                    status=PaymentStatus.SCHEDULED,
                    details_hash=details_hash(payer, payee, amount, "USDC", schedule),
                    created_at=due_at,
                    confirm_expires_at=due_at,
                )
                await uow.payments.add(payment)
                batch.append(new_run(ids, payment.id, due_at))
            await uow.queue.add(batch)
            await uow.commit()
