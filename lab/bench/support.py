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
from core.entities import Payment, RiskAssessment, RiskLevel
from core.gateways import GatewayRequest, GatewayResult
from core.schedule import Schedule
from core.scheduling.types import new_run
from core.states import PaymentStatus

SEED_BATCH = 1000


@dataclass
class ShiftedClock:
    """The wall clock moved by a fixed offset, so seeded runs fall due when the bench starts."""

    offset: timedelta
    stops_at: datetime | None = None  # the clock reads no later than this

    def now(self) -> datetime:
        """Now plus the offset (held at ``stops_at`` once it gets there)."""
        moved = SystemClock().now() + self.offset
        return moved if self.stops_at is None else min(moved, self.stops_at)


@dataclass(frozen=True)
class SeriesShape:
    """Seeded runs as runs of series repeating every ``every`` that began ``age`` ago."""

    every: timedelta
    age: timedelta

    def schedule(self, due_at: datetime) -> Schedule:
        """A series with a run at ``due_at``, its first run as close to ``age`` ago as fits."""
        seconds = int(self.every.total_seconds())
        freq, unit = next((f, u) for f, u in _UNITS if seconds % u == 0)
        body = f"FREQ={freq}" + (f";INTERVAL={seconds // unit}" if seconds > unit else "")
        return Schedule(due_at - (self.age // self.every) * self.every, "UTC", body)


_UNITS = (("HOURLY", 3600), ("MINUTELY", 60), ("SECONDLY", 1))  # as the parser writes them


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


async def seed(
    deps: Deps,
    runs: int,
    users: int,
    due_at: datetime,
    series: SeriesShape | None = None,
    seed: int = 7,
) -> None:
    """``users`` funded users and ``runs`` confirmed payments among them, due at once.

    One-offs, or with ``series`` standing mandates of that shape (their past runs not seeded).
    """
    draw = random.Random(seed)  # noqa: S311 - picks payers and payees, not security
    people = []
    for n in range(users):
        people.append((await onboarding.start(deps, 10_000_000 + n, f"bench {n}", None)).user.id)
    ids = TimeOrderedIds()
    amount = Decimal("0.01")
    for start in range(0, runs, SEED_BATCH):
        async with deps.uow() as uow:
            batch = []
            approvals: list[RiskAssessment] = []
            for n in range(start, min(start + SEED_BATCH, runs)):
                # Payers in turn, so none has more than ceil(runs / users) runs: a random draw
                # gave some payers 6-9 and the velocity rules rightly held those back.
                payer = people[n % users]
                payee = people[(n % users + 1 + draw.randrange(users - 1)) % users]  # not the payer
                schedule = series.schedule(due_at) if series else Schedule.once(due_at)
                payment = Payment(
                    id=ids.new_id(),
                    payer_id=payer,
                    payee_id=payee,
                    amount=amount,
                    asset=deps.policy.default_asset,
                    schedule=schedule,
                    status=PaymentStatus.SCHEDULED,
                    details_hash=details_hash(payer, payee, amount, "USDC", schedule),
                    created_at=schedule.first_run,
                    confirm_expires_at=schedule.first_run,
                )
                await uow.payments.add(payment)
                batch.append(new_run(ids, payment.id, due_at))
                if series:
                    approvals.append(_approved(ids.new_id(), payment))
            await uow.payments.add_runs(batch)
            await uow.assessments.add_many(approvals)
            await uow.commit()


def _approved(assessment_id: str, payment: Payment) -> RiskAssessment:
    """The confirmation-time assessment of a series an operator approved.

    A series repeating within the hour always goes to review; once approved, the pre-run
    checks let its runs through up to that band.
    """
    return RiskAssessment(
        id=assessment_id,
        payment_id=payment.id,
        score=75,
        level=RiskLevel.BLOCK,
        reasons=("approved by an operator",),
        created_at=payment.created_at,
    )
