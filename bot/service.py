"""`arcflux run`: the API, the scheduler loops, and Telegram (polling or webhook) in one process."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from telegram.ext import Application

from bot.api.app import create_app
from bot.container import Container, build_container
from bot.scheduler import build_scheduler
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.notifier import TelegramNotifier

log = logging.getLogger(__name__)


def telegram_for(container: Container) -> Application | None:
    """The Telegram application, or None when no bot token is configured."""
    settings = container.settings
    if settings.telegram_bot_token is None:
        return None
    return build_application(
        settings.telegram_bot_token.get_secret_value(),
        container.deps,
        base_url=settings.telegram_base_url,
        polling=not settings.webhook_mode,
    )


async def serve(settings: Settings) -> None:
    """Run until interrupted."""
    container = await build_container(settings)
    telegram = telegram_for(container)

    notifier = TelegramNotifier(telegram.bot) if telegram is not None else None
    scheduler = build_scheduler(
        container.deps, tick_seconds=settings.tick_seconds, notifier=notifier
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        scheduler.start()
        if telegram is not None:
            await _start_telegram(telegram, settings)
        else:
            log.warning("TELEGRAM_BOT_TOKEN is not set: Telegram is off; the REST API is up")
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            if telegram is not None:
                await _stop_telegram(telegram)
            await container.aclose()

    app = create_app(
        settings,
        container.deps,
        telegram=telegram,
        ping=container.ping_database,
        lifespan=lifespan,
    )
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info")
    await uvicorn.Server(config).serve()


async def _start_telegram(telegram: Application, settings: Settings) -> None:
    await telegram.initialize()
    await telegram.start()
    if settings.webhook_mode:
        assert settings.telegram_webhook_url and settings.telegram_webhook_secret
        await telegram.bot.set_webhook(
            settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret.get_secret_value(),
        )
        log.info("Telegram webhook mode")
    else:
        assert telegram.updater is not None
        await telegram.bot.delete_webhook()
        await telegram.updater.start_polling()
        log.info("Telegram polling mode")


async def _stop_telegram(telegram: Application) -> None:
    if telegram.updater is not None and telegram.updater.running:
        await telegram.updater.stop()
    await telegram.stop()
    await telegram.shutdown()
