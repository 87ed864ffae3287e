"""GET /healthz and GET /metrics: open, and about the service, never about a user."""

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel

from bot.api.dependencies import MetricsDep, ServicesDep
from bot.api.schemas import errors
from bot.prometheus import CONTENT_TYPE

router = APIRouter()


class HealthOut(BaseModel):
    """The service is up and reaches its database."""

    status: str


@router.get("/healthz", response_model=HealthOut, responses=errors(503))
async def healthz(services: ServicesDep) -> dict[str, str]:
    """Liveness: 503 when the database does not answer."""
    if not await services.ping_database():
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable")
    return {"status": "ok"}


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(metrics: MetricsDep) -> Response:
    """The Prometheus exposition (counts and breaker states)."""
    return Response(metrics.exposition(), media_type=CONTENT_TYPE)
