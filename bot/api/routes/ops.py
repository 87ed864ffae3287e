"""REST for operators: gateways, chaos, incidents, and a routing cycle on demand."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from bot.api.dependencies import FleetDep, OpsDep, actor_of, require_ops, require_service
from bot.api.schemas import errors
from core.audit import Door
from core.errors import DomainError
from core.principal import Principal
from core.routing.status import chaos_change, gateway_status


class GatewayOut(BaseModel):
    """One gateway's status."""

    name: str
    assets: list[str]
    breaker: str
    recent_success: float
    usdc_share: float | None
    configured_success: float


class ChaosIn(BaseModel):
    """A fault to inject, a slowdown, or a restore."""

    action: Literal["fail", "slow", "restore"]
    rate: float | None = Field(default=None, ge=0, le=1)
    kind: Literal["error", "timeout", "network"] = "error"
    p50_ms: float | None = Field(default=None, gt=0)
    p95_ms: float | None = Field(default=None, gt=0)


class ChaosOut(BaseModel):
    """What the fault injection did, in words."""

    result: str


class IncidentOut(BaseModel):
    """An incident as the API shows it."""

    id: str
    gateway: str
    status: str
    opened_at: str
    resolved_at: str | None
    summary: str
    explanation: str
    actions: list[str]


class CycleOut(BaseModel):
    """What one routing cycle did."""

    explanation: str
    chooser: str
    applied: list[dict[str, object]]
    incidents: list[str]


router = APIRouter(responses=errors(401, 403))
READS = [Depends(require_service)]  # a service token of scope read or ops
OPERATES = [Depends(require_ops)]  # a service token of scope ops
OperatorDep = Annotated[Principal, Depends(require_ops)]


@router.get("/v1/gateways", response_model=list[GatewayOut], dependencies=READS)
async def gateways(fleet: FleetDep) -> list[GatewayOut]:
    """Every gateway's breaker, recent success and USDC share."""
    return [
        GatewayOut(
            name=g.name,
            assets=list(g.assets),
            breaker=g.breaker,
            recent_success=round(g.score, 4),
            usdc_share=g.usdc_share,
            configured_success=g.configured_success,
        )
        for g in gateway_status(fleet.router, fleet.gateways)
    ]


@router.post("/v1/gateways/{name}/chaos", response_model=ChaosOut, responses=errors(400, 404))
async def chaos(
    name: str, body: ChaosIn, fleet: FleetDep, ops: OpsDep, by: OperatorDep
) -> dict[str, str]:
    """Inject a fault or a slowdown into one gateway, or restore it, on every process."""
    if name not in fleet.gateways:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no gateway {name!r}.")
    args = [name, body.action]
    if body.action == "fail":
        args += [str(body.rate if body.rate is not None else 1.0), body.kind]
    elif body.action == "slow":
        args += [str(body.p50_ms or 0), str(body.p95_ms or 0)]
    try:
        change = chaos_change(fleet.gateways, args)
        return {"result": await ops.override(change, actor_of(by), Door.REST, fleet)}
    except DomainError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, error.message) from None


@router.get("/v1/incidents", response_model=list[IncidentOut], dependencies=READS)
async def incidents(ops: OpsDep, limit: int = 20) -> list[IncidentOut]:
    """The latest incidents, newest first."""
    recent = await ops.store.recent_incidents(max(1, min(limit, 100)))
    return [
        IncidentOut(
            id=i.id,
            gateway=i.gateway,
            status=i.status.value,
            opened_at=i.opened_at.isoformat(),
            resolved_at=i.resolved_at.isoformat() if i.resolved_at else None,
            summary=i.summary,
            explanation=i.explanation,
            actions=list(i.actions),
        )
        for i in recent
    ]


@router.post(
    "/v1/routing/cycle", response_model=CycleOut, responses=errors(409), dependencies=OPERATES
)
async def cycle(ops: OpsDep) -> CycleOut:
    """Run one routing cycle now and say what it did (on the leading process only)."""
    if not ops.leadership.is_leader:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "The routing agent runs on the leading process; retry."
        )
    state, changes = await ops.cycle()
    applied = [a for a in state.get("applied", []) if getattr(a, "applied", False)]  # type: ignore[attr-defined]
    return CycleOut(
        explanation=str(state.get("explanation", "")),
        chooser=str(state.get("chooser", "policy")),
        applied=[a.action.to_dict() for a in applied],
        incidents=[f"{c.kind}:{c.incident.gateway}" for c in changes],
    )
