"""POST /telegram/webhook: Telegram's updates, checked, bounded and de-duplicated."""

from fastapi import APIRouter, Request, Response, status

from bot.api.auth import SECRET_HEADER, same_secret
from bot.api.dependencies import MetricsDep, ServicesDep, SettingsDep, TelegramDep
from bot.api.once import handle_once
from bot.api.webhook_body import TooLarge, bounded_body, parse_update
from bot.telegram.connection import TelegramLink

router = APIRouter()


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(
    request: Request,
    settings: SettingsDep,
    telegram: TelegramDep,
    metrics: MetricsDep,
    services: ServicesDep,
) -> Response:
    """Hand one update to the Telegram application; a re-delivery is acknowledged, not rerun."""
    if telegram is None or not same_secret(
        request.headers.get(SECRET_HEADER), settings.telegram_webhook_secret
    ):
        metrics.update("forbidden")
        return Response(status_code=status.HTTP_403_FORBIDDEN)
    try:
        body = await bounded_body(request)
    except TooLarge:
        metrics.update("too_large")
        return Response(status_code=status.HTTP_413_CONTENT_TOO_LARGE)
    update = parse_update(body, telegram.bot)
    if update is None:
        metrics.update("malformed")
        return Response(status_code=status.HTTP_400_BAD_REQUEST)
    link: TelegramLink | None = request.app.state.telegram_link
    if link is not None and not link.connected:
        # Not initialised yet: Telegram keeps the update and delivers it again later.
        metrics.update("not_ready")
        return Response(status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    # Claimed in the database, so a re-delivery to any process of the fleet is caught.
    outcome = await handle_once(
        services.updates,
        services.deps.clock,
        update.update_id,
        lambda: telegram.process_update(update),
    )
    metrics.update(outcome)
    if outcome == "busy":  # another process is on it; Telegram delivers again later
        return Response(status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    return Response(status_code=status.HTTP_200_OK)  # handled here, or a re-delivery
