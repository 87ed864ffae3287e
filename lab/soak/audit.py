"""After the soak: what the database, the gateways' charge log and the validator say happened."""

import asyncio
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, column, text
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

OPEN_RUNS = ("due", "executing")
CONFIRMED = ("scheduled", "completed", "failed", "cancelled")


@dataclass
class Audit:
    """Figures read back from storage; ``lost`` and ``duplicates`` list each finding."""

    payments: Counter[str] = field(default_factory=Counter)  # "one-off scheduled" → n
    runs: Counter[str] = field(default_factory=Counter)  # status → n
    failures: Counter[str] = field(default_factory=Counter)  # "failed: timeout" → n
    journals: int = 0
    charges: Counter[str] = field(default_factory=Counter)  # gateway outcome → n (user keys)
    incidents_opened: int = 0
    incidents_resolved: int = 0
    alerts_sent: int = 0
    lost: list[str] = field(default_factory=list)
    in_flight: list[str] = field(default_factory=list)  # executing at the final stop
    duplicates: list[str] = field(default_factory=list)
    # Payments whose first run (the one a confirmation answers for) a gateway charged.
    first_run_charged: set[str] = field(default_factory=set)
    lies: list[str] = field(default_factory=list)  # "nothing moved" told of a charged payment
    validator: list[str] = field(default_factory=list)
    validator_ok: bool = False


def async_url(url: str) -> str:
    """The async driver for a plain sqlite:// or postgresql:// URL."""
    parsed = make_url(url)
    drivers = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
    driver = drivers.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


async def audit(
    database_url: str, cutoff: datetime, confirmed: dict[str, str], charge_log: Path
) -> Audit:
    """Read every table the soak touched; runs due before ``cutoff`` must have finished."""
    engine = create_async_engine(async_url(database_url))
    found = Audit()
    try:
        async with engine.connect() as db:
            await _payments(db, found, confirmed)
            await _runs(db, found, cutoff)
            await _ledger(db, found)
            await _operations(db, found)
            rows = await db.execute(
                text("SELECT idempotency_key, status, payment_id FROM runs ORDER BY scheduled_at")
            )
            runs = [(str(key), str(state), str(payment)) for key, state, payment in rows]
    finally:
        await engine.dispose()
    charged = _charges(charge_log, {key: state for key, state, _ in runs}, found)
    found.first_run_charged = first_run_charged([(k, p) for k, _, p in runs], charged)
    return found


def first_run_charged(runs: list[tuple[str, str]], charged: set[str]) -> set[str]:
    """Payments whose first run was charged, from (run key, payment) pairs in schedule order."""
    first: dict[str, str] = {}
    for key, payment in runs:
        first.setdefault(payment, key)
    return {payment for payment, key in first.items() if key in charged}


async def _payments(db: AsyncConnection, found: Audit, confirmed: dict[str, str]) -> None:
    rows = await db.execute(
        text(
            "SELECT p.id, p.status, p.rrule IS NULL, COUNT(r.id) FROM payments p "
            "LEFT JOIN runs r ON r.payment_id = p.id GROUP BY p.id, p.status, p.rrule"
        )
    )
    status: dict[str, str] = {}
    for pid, state, once, runs in rows:
        status[pid] = state
        found.payments[f"{'one-off' if once else 'recurring'} {state}"] += 1
        if state in CONFIRMED and runs == 0 and state != "cancelled":
            found.lost.append(f"payment {pid} is {state} but has no run")
    for pid, kind in confirmed.items():
        if status.get(pid) not in CONFIRMED:
            found.lost.append(
                f"{kind} payment {pid} was confirmed in chat but is {status.get(pid)}"
            )
    stalled = await db.execute(
        text(
            "SELECT p.id FROM payments p WHERE p.status = 'scheduled' AND NOT EXISTS "
            "(SELECT 1 FROM runs r WHERE r.payment_id = p.id AND r.status IN ('due', 'executing'))"
        )
    )
    for (pid,) in stalled:
        found.lost.append(f"payment {pid} is scheduled but has no run left to execute")


async def _runs(db: AsyncConnection, found: Audit, cutoff: datetime) -> None:
    rows = await db.execute(
        text("SELECT id, status, error, scheduled_at FROM runs").columns(
            column("id"), column("status"), column("error"), column("scheduled_at", DateTime())
        )
    )
    for rid, state, error, due in rows:
        found.runs[state] += 1
        if state not in ("succeeded", *OPEN_RUNS):
            found.failures[f"{state}: {error or 'no reason recorded'}"] += 1
        due = due if due.tzinfo else due.replace(tzinfo=UTC)
        if state in OPEN_RUNS and due < cutoff:
            found.lost.append(f"run {rid} due {due:%H:%M:%S} is still {state}")
    doubled = await db.execute(
        text(
            "SELECT payment_id, scheduled_at, COUNT(*) FROM runs "
            "GROUP BY payment_id, scheduled_at HAVING COUNT(*) > 1"
        )
    )
    for pid, due, n in doubled:
        found.duplicates.append(f"payment {pid} has {n} runs for {due}")


async def _ledger(db: AsyncConnection, found: Audit) -> None:
    found.journals = (await db.execute(text("SELECT COUNT(*) FROM journals"))).scalar_one()
    doubled = await db.execute(
        text(
            "SELECT run_id, COUNT(*) FROM journals WHERE run_id IS NOT NULL "
            "GROUP BY run_id HAVING COUNT(*) > 1"
        )
    )
    for rid, n in doubled:
        found.duplicates.append(f"run {rid} has {n} journals")
    unposted = await db.execute(
        text(
            "SELECT r.id FROM runs r WHERE r.status = 'succeeded' AND NOT EXISTS "
            "(SELECT 1 FROM journals j WHERE j.run_id = r.id)"
        )
    )
    for (rid,) in unposted:
        found.lost.append(f"run {rid} succeeded without a journal")
    orphans = await db.execute(
        text(
            "SELECT j.id, r.status FROM journals j LEFT JOIN runs r ON r.id = j.run_id "
            "WHERE j.kind = 'payment' AND (r.id IS NULL OR r.status <> 'succeeded')"
        )
    )
    for jid, state in orphans:
        found.lost.append(f"journal {jid} posts a run that is {state or 'missing'}")


async def _operations(db: AsyncConnection, found: Audit) -> None:
    found.incidents_opened = (await db.execute(text("SELECT COUNT(*) FROM incidents"))).scalar_one()
    found.incidents_resolved = (
        await db.execute(text("SELECT COUNT(*) FROM incidents WHERE resolved_at IS NOT NULL"))
    ).scalar_one()
    found.alerts_sent = (
        await db.execute(
            text(
                "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'incident:%' "
                "AND sent_at IS NOT NULL"
            )
        )
    ).scalar_one()


def _charges(log: Path, keys: dict[str, str], found: Audit) -> set[str]:
    """Gateway-side truth: at most one successful charge per run key, each one posted; the
    run keys charged."""
    succeeded: Counter[str] = Counter()
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    for line in lines:
        gateway, key, outcome = line.split()
        if key not in keys:
            continue  # the traffic simulator's synthetic payments
        found.charges[f"{gateway} {outcome}"] += 1
        if outcome == "succeeded":
            succeeded[key] += 1
    for key, n in succeeded.items():
        if n > 1:
            found.duplicates.append(f"key {key[:16]} was charged {n} times at the gateways")
        if keys[key] in OPEN_RUNS:  # lost if due before the cutoff (counted with the runs)
            found.in_flight.append(f"key {key[:16]} was charged; its run is {keys[key]}")
        elif keys[key] != "succeeded":
            found.lost.append(f"key {key[:16]} was charged but its run is {keys[key]}")
    return set(succeeded)


async def validate(env: dict[str, str], folder: Path) -> tuple[bool, list[str]]:
    """`arcflux validate` against the soak's database, as an operator would run it."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "validate"],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode == 0, lines
