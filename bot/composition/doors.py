"""The doors half of the composition root: Telegram, the HTTP app and the scheduler's jobs."""

import logging
from dataclasses import dataclass, replace

from fastapi import FastAPI

from bot.api.app import create_app
from bot.sandbox import Sandbox
from bot.scheduler import Loops, build_scheduler
from bot.services import Services
from bot.telegram.app import build_application
from bot.telegram.connection import TelegramLink
from bot.telegram.context import ChatApplication
from bot.telegram.fleet_limits import add_fleet_heartbeat
from bot.telegram.notifier import TelegramNotifier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Doors:
    """Everything the service starts and stops, built on one set of services."""

    api: FastAPI
    telegram: ChatApplication | None
    scheduler: Loops
    sandbox: Sandbox | None
    telegram_link: TelegramLink | None = None  # connects in the background, with backoff


def build_doors(services: Services) -> Doors:
    """The doors the settings ask for: the sandbox Telegram when no bot token is set."""
    sandbox = sandbox_for(services)
    telegram = telegram_for(services, sandbox)
    notifier = TelegramNotifier(telegram.bot) if telegram is not None else None
    link = None
    if telegram is not None:
        link = TelegramLink(telegram, services.settings, poll_timeout=2 if sandbox else 10)
    api = create_app(services, telegram=telegram, link=link)
    if sandbox is not None:
        sandbox.mount(api)
    scheduler = build_scheduler(services, notifier, link)
    limits = services.fleet_limits()
    if telegram is not None and sandbox is None and limits is not None:
        add_fleet_heartbeat(scheduler, limits, telegram.bot.rate_limiter)
    return Doors(api, telegram, scheduler, sandbox, link)


def sandbox_for(services: Services) -> Sandbox | None:
    """The local Telegram, when no real bot token is configured."""
    settings = services.settings
    if settings.telegram_bot_token is not None:
        return None
    sandbox = Sandbox.create(services.deps.clock)  # sandbox-only people, its own operator
    log.info(
        "TELEGRAM_BOT_TOKEN is not set: local Telegram at http://%s:%d/sandbox",
        settings.host,
        settings.port,
    )
    return sandbox


def telegram_for(services: Services, sandbox: Sandbox | None = None) -> ChatApplication | None:
    """The Telegram application (on the sandbox when given), or None without a bot token."""
    settings = services.settings
    if sandbox is not None:
        return build_application(
            sandbox.token,
            replace(services, transcriber=None),  # the sandbox chat sends no voice notes
            base_url=sandbox.base_url(settings.host, settings.port),
            polling=True,
            operators=(sandbox.operator_id,),
            rate_limited=True,
        )
    if settings.telegram_bot_token is None:
        return None
    return build_application(
        settings.telegram_bot_token.get_secret_value(),
        services,
        base_url=settings.telegram_base_url,
        polling=not settings.webhook_mode,
        operators=settings.operator_chat_ids,
        rate_limited=True,
        shared_flood=services.fleet_limits(),
    )
