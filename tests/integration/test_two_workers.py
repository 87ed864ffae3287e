"""Two real worker processes ticking one PostgreSQL database: every run exactly once."""

import asyncio
import json
import sys
from datetime import datetime, timedelta

from bot.adapters import SystemClock
from bot.composition.container import build_container
from bot.settings import Settings
from core.states import RunStatus
from lab.bench.support import CountingRail, seed
from tests.pg import fresh_database, require_server
from tests.scheduling import assert_ledger_sound, due_runs

RUNS = 3000


async def _worker(url: str, due_at: datetime) -> dict[str, float]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lab.bench.worker", "--database", url,
        "--due-at", due_at.isoformat(), "--batch", "100",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0
    figures: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return figures


async def test_two_processes_over_thousands_of_due_runs_execute_each_exactly_once() -> None:
    async with fresh_database(require_server()) as url:
        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        system = await build_container(settings, rail=CountingRail(), migrate=True)
        try:
            due_at = SystemClock().now() + timedelta(days=1)
            # About two runs per payer: realistic, and under the guardian's velocity rules.
            await seed(system.deps, RUNS, RUNS // 2, due_at)
            done = await asyncio.gather(_worker(url, due_at), _worker(url, due_at))
            calls = sum(d["gateway_calls"] for d in done)
            failed = sum(d["gateway_failed"] for d in done)  # the routed rail's final failures
            assert all(d["gateway_calls"] > 0 for d in done)  # both really worked
            async with system.deps.uow() as uow:
                executed = await uow.payments.succeeded_runs()
            left = await due_runs(system, due_at + timedelta(days=365))
            # Every run was handled: sent once and succeeded or failed at the gateways, or held
            # back by the pre-run guardian; nothing is left due, nothing sent twice.
            assert left == [] and {r.status for r in executed} == {RunStatus.SUCCEEDED}
            assert calls == len(executed) + failed >= RUNS * 0.95
            await assert_ledger_sound(system)
        finally:
            await system.aclose()
