"""POST /telegram/webhook: Telegram's updates, checked, bounded and de-duplicated."""

from fastapi import APIRouter, Request, Response, status

from bot.api.auth import SECRET_HEADER, same_secret
from bot.api.dedupe import RecentIds
from bot.api.dependencies import MetricsDep, SettingsDep, TelegramDep
from bot.api.webhook_body import TooLarge, bounded_body, parse_update
from bot.telegram.connection import TelegramLink

router = APIRouter()


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(
    request: Request, settings: SettingsDep, telegram: TelegramDep, metrics: MetricsDep
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
    seen: RecentIds = request.app.state.seen_updates  # per process; retries come back here
    if not seen.first_time(update.update_id):
        metrics.update("duplicate")
        return Response(status_code=status.HTTP_200_OK)  # a re-delivery: already handled
    await telegram.process_update(update)
    metrics.update("processed")
    return Response(status_code=status.HTTP_200_OK)
