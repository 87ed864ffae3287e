"""POST /v1/system/validate: whether the stored state holds together."""

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from bot.api.dependencies import DepsDep, require_ops
from bot.api.schemas import errors
from core.accounts.validate import validate

router = APIRouter(dependencies=[Depends(require_ops)])


class ValidateOut(BaseModel):
    """Whether the stored state holds together (ledger balanced, runs consistent)."""

    ok: bool
    problems: list[str]


@router.post("/v1/system/validate", response_model=ValidateOut, responses=errors(401, 403))
async def system_validate(deps: DepsDep) -> dict[str, Any]:
    """Every journal balances, no balance is negative, every executed run is accounted for."""
    problems = await validate(deps)
    return {"ok": not problems, "problems": problems}
