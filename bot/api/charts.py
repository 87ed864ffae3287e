"""GET /v1/charts/{name}.png: the same charts the bot sends, for dashboards and scripts."""

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Response, status

from bot.api.auth import Bearer
from bot.api.schemas import TelegramId, errors
from bot.charts.service import ChartService
from core.errors import DomainError, NotRegistered

# The path names exactly the charts there are; anything else is a 422, not a 400.
ChartName = Literal["success", "latency", "traffic", "balance", "spending"]


def charts_router(charts: ChartService, bearer: Bearer) -> APIRouter:
    """Chart PNGs behind the bearer token; ``telegram_id`` picks whose ledger to draw."""
    router = APIRouter()

    @router.get(
        "/v1/charts/{name}.png",
        dependencies=[Depends(bearer)],
        response_class=Response,
        responses={
            200: {"content": {"image/png": {}}, "description": "The chart as a PNG."},
            **errors(400, 401, 404),
        },
    )
    async def chart(
        name: ChartName, window: str | None = None, telegram_id: TelegramId | None = None
    ) -> Response:
        try:
            image = await charts.render(name, window, telegram_id)
        except NotRegistered as error:
            raise HTTPException(status.HTTP_404_NOT_FOUND, error.message) from None
        except DomainError as error:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, error.message) from None
        return Response(
            image.png,
            media_type="image/png",
            headers={
                "Cache-Control": "no-store",
                "X-Chart-Caption": image.caption.encode("ascii", "replace").decode(),
            },
        )

    return router
