"""Health: /healthz (the process is alive), /readyz (database and Telegram usable), /metrics."""

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from bot.api.dependencies import MetricsDep, ServicesDep
from bot.prometheus import CONTENT_TYPE
from bot.telegram.connection import TelegramLink

router = APIRouter()


class HealthOut(BaseModel):
    """The process is alive, and whether it leads the fleet's once-only duties."""

    status: str
    leader: bool


class ReadyOut(BaseModel):
    """Each part the service needs, "ok" or what is wrong with it."""

    database: str
    telegram: str


@router.get("/healthz", response_model=HealthOut)
async def healthz(services: ServicesDep) -> HealthOut:
    """Liveness: answers at once, whatever the database or Telegram are doing."""
    return HealthOut(status="ok", leader=services.ops.leadership.is_leader)


@router.get("/readyz", response_model=ReadyOut, responses={503: {"model": ReadyOut}})
async def readyz(request: Request, services: ServicesDep) -> JSONResponse:
    """Readiness: 200 when the database takes a write within 2 s and Telegram answers."""
    link: TelegramLink | None = request.app.state.telegram_link
    parts = ReadyOut(
        database=await services.database_takes_a_write(),
        telegram=await link.status() if link is not None else "ok",
    )
    ready = parts.database == "ok" and parts.telegram == "ok"
    code = status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(parts.model_dump(), status_code=code)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(metrics: MetricsDep) -> Response:
    """The Prometheus exposition (counts and breaker states)."""
    return Response(metrics.exposition(), media_type=CONTENT_TYPE)
