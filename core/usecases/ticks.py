"""The due-run tick: execute every run whose time has come, each exactly once."""

from core.usecases.deps import Deps
from core.usecases.execution import Execution, execute_run


async def execute_due_runs(deps: Deps, limit: int = 100) -> list[Execution]:
    """Execute up to ``limit`` due runs; runs claimed elsewhere are skipped."""
    async with deps.uow() as uow:
        due = await uow.runs.due(deps.clock.now(), limit)
    executed: list[Execution] = []
    for run in due:
        execution = await execute_run(deps, run.id)
        if execution is not None:
            executed.append(execution)
    return executed
