"""`arcflux run`: the API, the scheduler loops, and Telegram (polling or webhook) in one process."""

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from telegram.ext import Application

from bot import heap, redaction
from bot.api.app import create_app
from bot.container import Container, build_container, transcriber_from
from bot.sandbox import DEFAULT_OPERATOR_ID, Sandbox
from bot.scheduler import build_scheduler
from bot.settings import Settings
from bot.telegram import commands
from bot.telegram.app import build_application
from bot.telegram.notifier import TelegramNotifier

log = logging.getLogger(__name__)


def telegram_for(container: Container, sandbox: Sandbox | None = None) -> Application | None:
    """The Telegram application (on the sandbox when given), or None without a bot token."""
    settings = container.settings
    if sandbox is not None:
        return build_application(
            sandbox.token,
            container.deps,
            base_url=sandbox.base_url(settings.host, settings.port),
            polling=True,
            operators=settings.operator_chat_ids or (sandbox.operator_id,),
            charts=container.charts,
            rate_limited=True,
            ops=container.ops,
        )
    if settings.telegram_bot_token is None:
        return None
    return build_application(
        settings.telegram_bot_token.get_secret_value(),
        container.deps,
        base_url=settings.telegram_base_url,
        polling=not settings.webhook_mode,
        transcriber=transcriber_from(settings),
        operators=settings.operator_chat_ids,
        charts=container.charts,
        rate_limited=True,
        ops=container.ops,
    )


async def serve(settings: Settings) -> None:
    """Run until interrupted."""
    if settings.telegram_bot_token is None and not settings.operator_chat_ids:
        # The sandbox's demo operator must be an operator everywhere, not only in its command
        # menu: otherwise review requests and incident alerts reach no one.
        settings = settings.model_copy(update={"operator_chat_ids": (DEFAULT_OPERATOR_ID,)})
    server = build_server(settings, await build_container(settings))
    heap.settle()  # start-up is over: what it built lives as long as the process
    await server.serve()


def build_server(
    settings: Settings, container: Container, *, quiet: bool = False
) -> uvicorn.Server:
    """The whole service on ``container`` (which it closes on shutdown), ready to serve."""
    sandbox = sandbox_for(settings, container)
    telegram = telegram_for(container, sandbox)

    notifier = TelegramNotifier(telegram.bot) if telegram is not None else None
    scheduler = build_scheduler(
        container.deps,
        tick_seconds=settings.tick_seconds,
        notifier=notifier,
        ops=container.ops,
        routing_seconds=settings.routing_cycle_seconds,
        metrics=container.metrics,
    )

    starting: list[asyncio.Task[None]] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        scheduler.start()
        if sandbox is not None and telegram is not None:
            # The bot reaches the sandbox over HTTP on this very server: wait until it listens.
            starting.append(asyncio.create_task(_start_on_sandbox(server, telegram, settings)))
        elif telegram is not None:
            await _start_telegram(telegram, settings)
        else:
            log.warning("TELEGRAM_BOT_TOKEN is not set: Telegram is off; the REST API is up")
        try:
            yield
        finally:
            for task in starting:
                task.cancel()
            await scheduler.stop()
            if telegram is not None:
                await _stop_telegram(telegram)
            await container.aclose()

    app = create_app(
        settings,
        container.deps,
        telegram=telegram,
        charts=container.charts,
        ops=container.ops,
        ping=container.ping_database,
        lifespan=lifespan,
        metrics=container.metrics,
    )
    if sandbox is not None:
        sandbox.mount(app)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        timeout_graceful_shutdown=5 if sandbox else None,  # the chat page long-polls
    )
    # After uvicorn's Config: it sets up its own log handlers, which need the filter too.
    redaction.install(redaction.secrets_of(settings))
    server = _Server(config, telegram)  # the lifespan above reads it once serving starts
    return server


class _Server(uvicorn.Server):
    """Stops polling before it stops listening: on the sandbox the bot polls this very server."""

    def __init__(self, config: uvicorn.Config, telegram: Application | None) -> None:
        super().__init__(config)
        self._telegram = telegram

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        updater = self._telegram.updater if self._telegram is not None else None
        if updater is not None and updater.running:
            await updater.stop()
        await super().shutdown(sockets)


def sandbox_for(settings: Settings, container: Container) -> Sandbox | None:
    """The local Telegram, when no real bot token is configured."""
    if settings.telegram_bot_token is not None:
        return None
    sandbox = Sandbox.create(container.deps.clock, *settings.operator_chat_ids[:1])
    log.info(
        "TELEGRAM_BOT_TOKEN is not set: local Telegram at http://%s:%d/sandbox",
        settings.host,
        settings.port,
    )
    return sandbox


async def _start_on_sandbox(
    server: uvicorn.Server, telegram: Application, settings: Settings
) -> None:
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.02)
    await _start_telegram(telegram, settings, poll_timeout=2)


async def _start_telegram(
    telegram: Application, settings: Settings, *, poll_timeout: int = 10
) -> None:
    await telegram.initialize()
    await telegram.start()
    await commands.publish(telegram.bot, telegram.bot_data.get("operators", ()))
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
        await telegram.updater.start_polling(timeout=poll_timeout)
        log.info("Telegram polling mode")


async def _stop_telegram(telegram: Application) -> None:
    if telegram.updater is not None and telegram.updater.running:
        await telegram.updater.stop()
    await telegram.stop()
    await telegram.shutdown()
