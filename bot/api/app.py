"""The FastAPI app: Telegram webhook, REST under /v1, and health, one router per area."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from fastapi import FastAPI

from bot.api.routes import audit, charts, commands, health, ops, payments, system, webhook
from bot.api.token_gate import V1NeedsAToken
from bot.services import Services
from bot.telegram.connection import TelegramLink
from bot.telegram.context import ChatApplication

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]
ROUTERS = (health, webhook, commands, payments, system, charts, ops, audit)


def create_app(
    services: Services,
    *,
    telegram: ChatApplication | None = None,
    link: TelegramLink | None = None,
    lifespan: Lifespan | None = None,
) -> FastAPI:
    """The HTTP app over ``services``; routes read them from ``app.state`` by dependency."""
    app = FastAPI(title="ArcFlux", version="0.1.0", lifespan=lifespan)
    app.state.services = services
    app.state.telegram = telegram
    app.state.telegram_link = link  # None: connected by the caller (tests), or no Telegram
    app.add_middleware(V1NeedsAToken, services=services)
    for area in ROUTERS:
        app.include_router(area.router)
    return app
