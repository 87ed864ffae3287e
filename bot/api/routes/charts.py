"""GET /v1/charts/{name}.png: the same charts the bot sends, for dashboards and scripts."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Response, status

from bot.api.dependencies import ChartsDep, PrincipalDep, person_of
from bot.api.schemas import TelegramId, errors
from core.errors import DomainError, NotRegistered

# The path names exactly the charts there are; anything else is a 422, not a 400.
ChartName = Literal["success", "latency", "traffic", "balance", "spending"]


router = APIRouter()


@router.get(
    "/v1/charts/{name}.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "The chart as a PNG."},
        **errors(400, 401, 403, 404),
    },
)
async def chart(
    name: ChartName,
    charts: ChartsDep,
    principal: PrincipalDep,
    window: str | None = None,
    telegram_id: TelegramId | None = None,
) -> Response:
    """A chart as a PNG; a personal token draws its owner's ledger, a service token none."""
    if principal.is_person:
        telegram_id = person_of(principal, telegram_id)
    elif telegram_id is not None:
        person_of(principal, telegram_id)  # refuses: a service token never acts for a person
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
