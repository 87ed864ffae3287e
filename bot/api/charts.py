"""GET /v1/charts/{name}.png: the same charts the bot sends, for dashboards and scripts."""

from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status

from bot.charts.service import ChartService
from core.errors import DomainError, NotRegistered


def charts_router(charts: ChartService, bearer: Callable[[Request], None]) -> APIRouter:
    """Chart PNGs behind the bearer token; ``telegram_id`` picks whose ledger to draw."""
    router = APIRouter()

    @router.get(
        "/v1/charts/{name}.png",
        dependencies=[Depends(bearer)],
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}},
    )
    async def chart(
        name: str, window: str | None = None, telegram_id: int | None = None
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
