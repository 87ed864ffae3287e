"""The FastAPI app: Telegram webhook, REST under /v1, and health."""

import logging
from decimal import Decimal
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from pydantic import BaseModel
from telegram.ext import Application

from bot.api import presenters
from bot.api.auth import SECRET_HEADER, bearer_guard, same_secret
from bot.api.charts import charts_router
from bot.api.dedupe import RecentIds
from bot.api.ops import ops_router
from bot.api.schemas import AnswerIn, CommandIn, CommandOut, errors
from bot.api.token_gate import V1NeedsAToken
from bot.api.webhook_body import TooLarge, bounded_body, parse_update
from bot.charts.service import ChartService
from bot.operations import Operations
from bot.prometheus import CONTENT_TYPE, ServiceMetrics
from bot.settings import Settings
from core.accounts.validate import validate
from core.conversation import messages
from core.deps import Deps
from core.errors import DomainError
from core.payments import proposals

log = logging.getLogger(__name__)


class HealthOut(BaseModel):
    """The service is up and reaches its database."""

    status: str


class ValidateOut(BaseModel):
    """Whether the stored state holds together (ledger balanced, runs consistent)."""

    ok: bool
    problems: list[str]


def create_app(
    settings: Settings,
    deps: Deps,
    *,
    telegram: Application | None = None,
    ping: Any = None,
    lifespan: Any = None,
    charts: ChartService | None = None,
    ops: Operations | None = None,
    metrics: ServiceMetrics | None = None,
) -> FastAPI:
    """Build the HTTP app over the shared use-case deps."""
    app = FastAPI(title="ArcFlux", version="0.1.0", lifespan=lifespan)
    counted = metrics or ServiceMetrics()

    bearer = bearer_guard(settings.api_tokens)  # per route: it puts the scheme in the schema

    app.add_middleware(V1NeedsAToken, tokens=settings.api_tokens)

    seen_updates = RecentIds()  # per process; Telegram retries go to the same webhook

    @app.get("/healthz", response_model=HealthOut, responses=errors(503))
    async def healthz() -> dict[str, str]:
        database_ok = await ping() if ping else True
        if not database_ok:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable")
        return {"status": "ok"}

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        # Open like /healthz: counts and breaker states, nothing about any user.
        return Response(counted.exposition(), media_type=CONTENT_TYPE)

    @app.post("/telegram/webhook", include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        if telegram is None or not same_secret(
            request.headers.get(SECRET_HEADER), settings.telegram_webhook_secret
        ):
            counted.update("forbidden")
            return Response(status_code=status.HTTP_403_FORBIDDEN)
        try:
            body = await bounded_body(request)
        except TooLarge:
            counted.update("too_large")
            return Response(status_code=status.HTTP_413_CONTENT_TOO_LARGE)
        update = parse_update(body, telegram.bot)
        if update is None:
            counted.update("malformed")
            return Response(status_code=status.HTTP_400_BAD_REQUEST)
        if not seen_updates.first_time(update.update_id):
            counted.update("duplicate")
            return Response(status_code=status.HTTP_200_OK)  # a re-delivery: already handled
        await telegram.process_update(update)
        counted.update("processed")
        return Response(status_code=status.HTTP_200_OK)

    @app.post(
        "/v1/commands",
        response_model=CommandOut,
        dependencies=[Depends(bearer)],
        responses=errors(400, 401),
    )
    async def run_command(command: CommandIn) -> CommandOut:
        try:
            outcome = await messages.handle_text(deps, command.telegram_id, command.text)
        except DomainError as error:
            return CommandOut(kind="error", message=error.message)
        return presenters.command_out(outcome)

    @app.post(
        "/v1/payments/{payment_id}/confirm",
        response_model=CommandOut,
        dependencies=[Depends(bearer)],
        responses=errors(400, 401, 409),
    )
    async def confirm(payment_id: str, body: AnswerIn) -> CommandOut:
        return await _answer(payment_id, body, confirm=True)

    @app.post(
        "/v1/payments/{payment_id}/deny",
        response_model=CommandOut,
        dependencies=[Depends(bearer)],
        responses=errors(400, 401, 409),
    )
    async def deny(payment_id: str, body: AnswerIn) -> CommandOut:
        return await _answer(payment_id, body, confirm=False)

    @app.post(
        "/v1/system/validate",
        response_model=ValidateOut,
        dependencies=[Depends(bearer)],
        responses=errors(401),
    )
    async def system_validate() -> dict[str, Any]:
        problems = await validate(deps)
        return {"ok": not problems, "problems": problems}

    async def _answer(payment_id: str, body: AnswerIn, confirm: bool) -> CommandOut:
        typed = Decimal(body.amount) if body.amount is not None else None
        try:
            result = await proposals.answer(
                deps, payment_id, body.details_hash, body.telegram_id, confirm, typed
            )
        except DomainError as error:
            raise HTTPException(status.HTTP_409_CONFLICT, error.message) from None
        return presenters.answered_out(result)

    if charts is not None:
        app.include_router(charts_router(charts, bearer))
    if ops is not None:
        app.include_router(ops_router(ops, bearer))
    return app
