"""One bench worker process: tick the database until nothing is due; print its gateway calls."""

import argparse
import asyncio
import json
import sys
import time
from datetime import datetime, timedelta

from bot import gc_tuning
from bot.adapters import SystemClock
from bot.composition.container import build_container
from bot.settings import Settings
from core.scheduling.tick import tick
from lab.bench.support import CountingRail, ShiftedClock

READY = b"ready"  # a worker's first line: started, connected, waiting for GO on stdin
GO = b"go\n"


async def work(
    database: str,
    due_at: datetime,
    batch: int,
    wait_for_go: bool = False,
    clock_stops_at: datetime | None = None,
) -> dict[str, float]:
    """Tick until a tick finds nothing; gateway calls and failures, when ticking began and ended.

    The worker's clock reads ``due_at`` when ticking begins, so due → executed is measured
    from the moment the runs could first be seen, not from the end of seeding. It goes no
    further than ``clock_stops_at``: the seeded series' next runs never fall due.
    """
    settings = Settings(_env_file=None, database_url=database, tick_batch=batch)  # type: ignore[call-arg]
    rail = CountingRail()
    clock = ShiftedClock(timedelta(0), clock_stops_at)
    container = await build_container(settings, clock=clock, rail=rail, migrate=False)
    try:
        gc_tuning.freeze_startup_heap()  # as the service does once started
        if wait_for_go:
            await container.ping_database()  # the pool's first connection is start-up too
            sys.stdout.buffer.write(READY + b"\n")
            sys.stdout.flush()
            await asyncio.to_thread(sys.stdin.readline)
        clock.offset = due_at - SystemClock().now()
        began = time.time()
        while True:
            report = await tick(container.deps)
            if not (report.executions or report.missed or report.recovered):
                return {
                    "gateway_calls": rail.calls,
                    "gateway_failed": rail.failed,
                    "began": began,
                    "ended": time.time(),
                }
    finally:
        await container.aclose()


def main() -> None:
    """Entry point for `python -m lab.bench.worker`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--due-at", required=True, help="the seeded runs' due time, ISO 8601")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--wait-for-go", action="store_true", help="print ready, await a line")
    parser.add_argument("--clock-stops-at", help="the clock goes no later, ISO 8601")
    args = parser.parse_args()
    stops = datetime.fromisoformat(args.clock_stops_at) if args.clock_stops_at else None
    due_at = datetime.fromisoformat(args.due_at)
    figures = asyncio.run(work(args.database, due_at, args.batch, args.wait_for_go, stops))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
