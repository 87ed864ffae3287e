"""`arcflux bench scheduler`: N due runs across many users, executed; throughput and latency."""

import asyncio
import json
import resource
import sys
import tempfile
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bot.adapters import SystemClock
from bot.composition.container import build_container
from bot.settings import Settings
from core.deps import Deps
from lab.bench.support import CountingRail, SeriesShape, scratch_postgres, seed
from lab.bench.worker import GO, READY

LEAD = timedelta(days=1)  # seeded runs fall due this far ahead; the workers' clock jumps there
_TICK = timedelta(microseconds=1)


async def _spawn(
    database: str, due_at: datetime, batch: int, series: SeriesShape | None
) -> asyncio.subprocess.Process:
    """A worker process, started and ready: imports done, container built, not yet ticking."""
    # A series' next run is due one period on: the clock stops short of it, so that only the
    # seeded runs are executed however long the bench takes.
    stops = ["--clock-stops-at", (due_at + series.every - _TICK).isoformat()] if series else []
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lab.bench.worker", "--database", database,
        "--due-at", due_at.isoformat(), "--batch", str(batch), "--wait-for-go", *stops,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    if (await process.stdout.readline()).strip() != READY:
        raise RuntimeError("bench worker did not get ready")
    return process


async def _workers(
    database: str, due_at: datetime, batch: int, count: int, series: SeriesShape | None
) -> list[dict[str, float]]:
    """Start ``count`` workers, then let them all tick at once (start-up is not measured:
    a worker importing its libraries would take CPU from the others' ticks)."""
    spawned = (_spawn(database, due_at, batch, series) for _ in range(count))
    processes = list(await asyncio.gather(*spawned))
    figures = []
    for process, (out, _) in zip(
        processes,
        await asyncio.gather(*(p.communicate(GO) for p in processes)),
        strict=True,
    ):
        if process.returncode != 0:
            raise RuntimeError(f"bench worker exited with {process.returncode}")
        figures.append(json.loads(out.decode().strip().splitlines()[-1]))
    return figures


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def _figures(deps: Deps, runs: int, calls: int) -> dict[str, float]:
    async with deps.uow() as uow:
        executed = await uow.payments.succeeded_runs()
        journals = await uow.wallets.journals()
    per_run = Counter(j.run_id for j in journals if j.run_id)
    extra_journals = sum(n - 1 for n in per_run.values())
    latencies = [
        (r.executed_at - r.scheduled_at).total_seconds() * 1000 for r in executed if r.executed_at
    ]
    return {
        "succeeded": len(executed),
        "duplicates": extra_journals + max(0, calls - runs),
        "p50_ms": _percentile(latencies, 0.50),
        "p99_ms": _percentile(latencies, 0.99),
    }


async def bench(
    runs: int, workers: int, database: str | None, batch: int, series: SeriesShape | None = None
) -> int:
    """Seed, execute, print the figures; non-zero exit when anything ran twice or not at all.

    With ``series`` every seeded run is a run of a standing mandate of that shape.
    """
    with tempfile.TemporaryDirectory() as folder:
        if database and not database.startswith("sqlite"):
            name = f"arcflux_bench_{uuid.uuid4().hex[:8]}"
            async with scratch_postgres(database, name) as url:
                return await _bench(url, runs, workers, batch, "postgresql", series)
        url = database or f"sqlite:///{Path(folder) / 'bench.db'}"
        return await _bench(url, runs, workers, batch, "sqlite", series)


async def _bench(
    url: str, runs: int, workers: int, batch: int, kind: str, series: SeriesShape | None
) -> int:
    settings = Settings(_env_file=None, database_url=url, tick_batch=batch)  # type: ignore[call-arg]
    due_at = SystemClock().now() + LEAD
    users = max(2, min(20_000, runs // 2))  # ~2 runs a payer: under the velocity rules
    shape = "one-offs" if series is None else f"series every {series.every}, {series.age} old"
    print(f"seeding {runs} due runs ({shape}) across {users} users on {kind} …", flush=True)
    # Seeding happens in its own container, closed before the workers start: the ticking
    # process starts as a service would, without the seeding's heap and connections.
    container = await build_container(settings, rail=CountingRail(), migrate=True)
    try:
        await seed(container.deps, runs, users, due_at, series)
    finally:
        await container.aclose()
    done = await _workers(url, due_at, batch, workers, series)  # one worker is a process too
    # From the first worker's first tick to the last worker's last: process start-up excluded.
    elapsed = max(d["ended"] for d in done) - min(d["began"] for d in done)
    calls = int(sum(d["gateway_calls"] for d in done))
    failed = int(sum(d["gateway_failed"] for d in done))
    container = await build_container(settings, rail=CountingRail(), migrate=False)
    try:
        figures = await _figures(container.deps, runs, calls)
    finally:
        await container.aclose()
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(f"database        {kind}, {workers} worker(s), batch {batch}")
    executed = figures["succeeded"] + failed
    print(f"runs            {runs} due, {executed} executed in {elapsed:.2f} s")
    print(f"outcomes        {figures['succeeded']} succeeded, {failed} failed at the gateways")
    print(f"throughput      {runs / elapsed:,.0f} runs/s")
    print(f"due → executed  p50 {figures['p50_ms']:,.0f} ms, p99 {figures['p99_ms']:,.0f} ms")
    print(f"duplicates      {figures['duplicates']}")
    print(f"peak memory     {peak_kb / 1024:,.0f} MiB (largest process)")
    ok = figures["duplicates"] == 0 and executed == runs
    return 0 if ok else 1
