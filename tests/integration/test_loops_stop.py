"""Stopping the loops lets a job that is running finish, and starts no new one."""

import asyncio

from bot.scheduler import Loops


async def test_a_running_job_finishes_when_the_loops_stop() -> None:
    loops = Loops()
    started, finished, runs = asyncio.Event(), asyncio.Event(), []

    async def slow_tick() -> None:
        runs.append(1)
        started.set()
        await asyncio.sleep(0.3)  # e.g. a tick between its claim and its settle
        finished.set()

    loops.add_job(loops.track(slow_tick), "interval", seconds=0.05, max_instances=1)
    loops.start()
    await asyncio.wait_for(started.wait(), timeout=5)
    await loops.stop(seconds=5)
    assert finished.is_set()  # not cancelled half-way
    assert not loops.running
    count = len(runs)
    await asyncio.sleep(0.2)
    assert len(runs) == count  # nothing new after the stop
