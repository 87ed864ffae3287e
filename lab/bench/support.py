"""Bench plumbing: a shifted clock, a counting routed rail, scratch databases, seeding."""

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters import SystemClock, TimeOrderedIds
from bot.rails import build_fleet
from core.accounts import onboarding
from core.confirmation import details_hash
from core.deps import Deps
from core.entities import Payment
from core.gateways import GatewayRequest, GatewayResult
from core.schedule import Schedule
from core.scheduling.types import new_run
from core.states import PaymentStatus

SEED_BATCH = 1000


@dataclass
class ShiftedClock:
    """The wall clock moved by a fixed offset, so seeded runs fall due when the bench starts."""

    offset: timedelta

    def now(self) -> datetime:
        """Now plus the offset."""
        return SystemClock().now() + self.offset


class CountingRail:
    """The live fleet's routed rail (router, simulated gateways, no latency), counting calls.

    Duplicates show up as extra calls; gateway failures the router could not retry away are
    counted so the bench can tell a failed run from one that never ran.
    """

    def __init__(self, seed: int = 7) -> None:
        self._rail = build_fleet(seed=seed, simulate_latency=False).rail
        self.calls = 0
        self.failed = 0

    async def send(self, request: GatewayRequest) -> GatewayResult:
        """Route and count."""
        self.calls += 1
        result = await self._rail.send(request)
        self.failed += not result.succeeded
        return result


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
    ids = TimeOrderedIds()
    amount = Decimal("0.01")
    for start in range(0, runs, SEED_BATCH):
        async with deps.uow() as uow:
            batch = []
            for n in range(start, min(start + SEED_BATCH, runs)):
                # Payers in turn, so none has more than ceil(runs / users) runs: a random draw
                # gave some payers 6-9 and the velocity rules rightly held those back.
                payer = people[n % users]
                payee = people[(n % users + 1 + draw.randrange(users - 1)) % users]  # not the payer
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
            await uow.payments.add_runs(batch)
            await uow.commit()
