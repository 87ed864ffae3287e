"""The due-run tick: execute every run whose time has come, each exactly once."""

from core.scheduling.tick import tick
from core.usecases.deps import Deps
from core.usecases.execution import Execution


async def execute_due_runs(deps: Deps, max_batches: int = 50) -> list[Execution]:
    """Execute due runs in batches; runs claimed elsewhere are skipped."""
    return (await tick(deps, max_batches)).executions
