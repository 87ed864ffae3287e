"""`arcflux run`: start and stop what the composition root built, in one process."""

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from bot import gc_tuning, redaction
from bot.api.app import Lifespan
from bot.composition.container import Container, build_container
from bot.composition.doors import Doors, build_doors
from bot.sandbox import DEFAULT_OPERATOR_ID
from bot.settings import Settings
from bot.telegram.connection import PollingRefused, TelegramLink
from bot.telegram.context import ChatApplication

log = logging.getLogger(__name__)


async def serve(settings: Settings) -> None:
    """Run until interrupted."""
    if settings.telegram_bot_token is None:
        # The sandbox's people are its own: its operator is the only operator, and real
        # OPERATOR_CHAT_IDS are never handed to whoever opens the sandbox page.
        settings = settings.model_copy(update={"operator_chat_ids": (DEFAULT_OPERATOR_ID,)})
    server = build_server(settings, await build_container(settings))
    gc_tuning.freeze_startup_heap()  # what start-up built lives as long as the process
    await server.serve()
    if isinstance(server, _Server) and server.refusal is not None:
        raise SystemExit(f"arcflux: refusing to start: {server.refusal}")


def build_server(
    settings: Settings, container: Container, *, quiet: bool = False
) -> uvicorn.Server:
    """The whole service on ``container`` (which it closes on shutdown), ready to serve."""
    doors = build_doors(container)
    config = uvicorn.Config(
        doors.api,
        host=settings.host,
        port=settings.port,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        timeout_graceful_shutdown=5 if doors.sandbox else None,  # the chat page long-polls
    )
    # After uvicorn's Config: it sets up its own log handlers, which need the filter too.
    redaction.install(redaction.secrets_of(settings))
    server = _Server(config, doors.telegram)
    # Starlette reads the router's lifespan when serving starts, after this assignment.
    doors.api.router.lifespan_context = _lifespan(server, doors, container)
    return server


def _lifespan(server: uvicorn.Server, doors: Doors, container: Container) -> Lifespan:
    """Start the scheduler and Telegram with the HTTP server; stop them, then the container.

    Telegram connects in the background: the API and the scheduler serve whatever it does.
    """
    link = doors.telegram_link
    background: list[asyncio.Task[None]] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        doors.scheduler.start()
        if link is not None:
            background.append(asyncio.create_task(_connect(server, link, doors.sandbox)))
        else:
            log.warning("TELEGRAM_BOT_TOKEN is not set: Telegram is off; the REST API is up")
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await doors.scheduler.stop()
            if link is not None:
                await link.stop()
            await container.aclose()

    return lifespan


async def _connect(server: uvicorn.Server, link: TelegramLink, sandbox: object) -> None:
    if sandbox is not None:
        # The bot reaches the sandbox over HTTP on this very server: wait until it listens.
        while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.02)
    try:
        await link.run()
    except PollingRefused as refused:
        log.error("refusing to start: %s", refused)
        if isinstance(server, _Server):
            server.refusal = str(refused)
        server.should_exit = True  # the process ends; serve() turns the refusal into exit 1


class _Server(uvicorn.Server):
    """Stops polling before it stops listening: on the sandbox the bot polls this very server."""

    def __init__(self, config: uvicorn.Config, telegram: ChatApplication | None) -> None:
        super().__init__(config)
        self._telegram = telegram
        self.refusal: str | None = None  # why the service stopped itself (PollingRefused)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        updater = self._telegram.updater if self._telegram is not None else None
        if updater is not None and updater.running:
            await updater.stop()
        await super().shutdown(sockets)
