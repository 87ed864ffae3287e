"""`arcflux soak`: start the service, load it, break it, kill it, then audit and print."""

import asyncio
import os
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import DateTime, column, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters import SystemClock
from lab.soak import report
from lab.soak.audit import async_url, audit, validate
from lab.soak.clock import WallClockStep
from lab.soak.driver import Soak
from lab.soak.faults import Injector, schedule
from lab.soak.people import payers
from lab.soak.service import ServiceProcess

RUN_LEASE_SECONDS = 8  # an executing run orphaned by a kill is retried after this
DRAIN_SECONDS = RUN_LEASE_SECONDS + 30  # the longest the soak waits for due runs to finish


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def soak_settings(token: str, folder: Path, tps: float) -> dict[str, str]:
    """The service settings every soak runs with, whatever its database and Telegram."""
    return {
        "API_TOKENS": token,
        "TICK_SECONDS": "0.5",
        "ROUTING_CYCLE_SECONDS": "5",
        "TRAFFIC_TPS": str(tps),
        "SIMULATE_LATENCY": "true",  # charges take their time, so a kill can land mid-charge
        "RUN_LEASE_SECONDS": str(RUN_LEASE_SECONDS),
        "GATEWAY_LOG": str(folder / "charges.log"),
    }


def _environment(database: str, port: int, token: str, folder: Path, tps: float) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **soak_settings(token, folder, tps),
    }
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "OPERATOR_CHAT_IDS"):
        env.pop(name, None)  # the sandbox Telegram, with its demo operator
    return env


def kill_times(rng: random.Random, seconds: float, kills: int) -> list[float]:
    """Random moments within the load, none in its first or last fifth."""
    return sorted(rng.uniform(0.2 * seconds, 0.8 * seconds) for _ in range(kills))


async def open_before(database: str, moment: datetime) -> int:
    """Runs due before ``moment`` that have not finished yet."""
    engine = create_async_engine(async_url(database))
    try:
        async with engine.connect() as db:
            rows = await db.execute(
                text("SELECT scheduled_at FROM runs WHERE status IN ('due', 'executing')").columns(
                    column("scheduled_at", DateTime())
                )
            )
            return sum(1 for (due,) in rows if due.replace(tzinfo=moment.tzinfo) < moment)
    finally:
        await engine.dispose()


async def drain(database: str, moment: datetime) -> None:
    """Give the service time to finish what fell due during the load (and recover orphans)."""
    for _ in range(DRAIN_SECONDS):
        if not await open_before(database, moment):
            return
        await asyncio.sleep(1)


async def _drive(
    driver: Soak, seconds: float, kills: int, url: str, step: WallClockStep
) -> datetime:
    """Boot, load with kills and faults, drain; the cutoff on the service's (stepped) clock."""
    try:
        await driver.boot()
        await driver.load(seconds, kill_times(driver.rng, seconds, kills), schedule(seconds))
        load_ended = SystemClock().now() + timedelta(seconds=step.offset_seconds)
        await drain(url, load_ended)
        await driver.sweep()
    finally:
        if driver.service is not None:
            await asyncio.to_thread(driver.service.stop)
    return load_ended


async def soak(
    seconds: float, users: int, kills: int, every: int, tps: float, seed: int, database: str | None
) -> int:
    """Run the soak and print its figures; 0 when nothing was duplicated, lost or lied about."""
    rng = random.Random(seed)  # noqa: S311 - load and chaos choices, not security
    folder = Path(tempfile.mkdtemp(prefix="arcflux-soak-"))
    url = database or f"sqlite:///{folder / 'soak.db'}"
    port, token = _free_port(), secrets.token_urlsafe(32)
    env = _environment(url, port, token, folder, tps)
    if database:  # PostgreSQL is migrated by command, not on start
        upgrade = [sys.executable, "-m", "bot.cli", "db", "upgrade"]
        await asyncio.to_thread(subprocess.run, upgrade, env=env, check=True)
    step = WallClockStep(folder / "faketime")  # only the service's clock is stepped
    service = ServiceProcess({**env, **step.environment()}, folder, f"http://127.0.0.1:{port}")
    people = payers(users)
    print(f"soak: {seconds:.0f} s, {users} users, {kills} kill(s); files in {folder}", flush=True)
    if not step.available:
        print(f"soak: {step.missing}: the wall-clock step is skipped", flush=True)
    async with (
        httpx.AsyncClient(base_url=service.base_url, timeout=30) as http,
        httpx.AsyncClient(
            base_url=service.base_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as api,
    ):
        blocked = [p.id for p in people[-max(1, users // 5) :]]  # a fifth of them block the bot
        injector = Injector(http, url, step, blocked)
        driver = Soak(service, http, api, rng, people, every, injector)
        load_ended = await _drive(driver, seconds, kills, url, step)
    found = await audit(url, load_ended, driver.record.confirmed, folder / "charges.log")
    found.lies = driver.record.transcript.lies(found.first_run_charged)
    driver.record.transcript.write(folder / "told.jsonl")
    found.validator_ok, found.validator = await validate(env, folder)
    how = report.Run(
        seconds,
        users,
        "PostgreSQL" if url.startswith("postgres") else "SQLite",
        service.peaks,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )
    print(report.render(how, driver.record, found), flush=True)
    return 0 if report.clean(found) else 1
