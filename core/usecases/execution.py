"""Executing one run: claim with funds held, send through the rail, post exactly one journal."""

from core.scheduling.tick import execute_one
from core.scheduling.types import INSUFFICIENT, Execution
from core.usecases.deps import Deps

__all__ = ["INSUFFICIENT", "Execution", "execute_run"]


async def execute_run(deps: Deps, run_id: str, notify: bool = True) -> Execution | None:
    """Execute a due run once; None if another worker already claimed it."""
    return await execute_one(deps, run_id, notify=notify)
