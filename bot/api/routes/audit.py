"""GET /v1/audit: a payment's recorded changes and who made them, oldest first."""

from fastapi import APIRouter, Depends

from bot.api.dependencies import DepsDep, require_ops
from bot.api.schemas import AuditEntryOut, errors
from core.audit import AuditEntry
from core.deps import Deps

router = APIRouter(dependencies=[Depends(require_ops)], responses=errors(401, 403))


def entry_out(entry: AuditEntry) -> AuditEntryOut:
    """One entry as the API shows it."""
    return AuditEntryOut(
        at=entry.at.isoformat(),
        actor=entry.actor.describe(),
        door=entry.door.value,
        subject=f"{entry.subject_kind.value} {entry.subject_id}",
        action=entry.action,
        from_state=entry.from_state,
        to_state=entry.to_state,
    )


async def payment_trail(deps: Deps, payment_id: str) -> list[AuditEntryOut]:
    """A payment's entries, oldest first (shared with the CLI)."""
    async with deps.uow(read_only=True) as uow:
        entries = await uow.audit.for_payment(payment_id)
    return [entry_out(e) for e in entries]


@router.get("/v1/audit", response_model=list[AuditEntryOut])
async def audit(payment_id: str, deps: DepsDep) -> list[AuditEntryOut]:
    """Every recorded change of one payment and its runs, with the actor of each."""
    return await payment_trail(deps, payment_id)
