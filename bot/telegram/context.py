"""The typed CallbackContext: handlers reach the services as ``context.services``, not by key."""

from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services import Services
from bot.telegram.menu import Command


class BotData:
    """``Application.bot_data``: PTB makes it with no arguments; ``build_application`` binds it."""

    def __init__(self) -> None:
        self.bound: Services | None = None
        self.operators: tuple[int, ...] = ()  # who sees operator commands in /help and the menu
        self.commands: tuple[Command, ...] = ()

    @property
    def services(self) -> Services:
        """The services the composition root bound; a handler before binding is a wiring bug."""
        if self.bound is None:
            raise RuntimeError("the Telegram application was built without its services")
        return self.bound


class ChatContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The ``context`` every handler receives."""

    @property
    def services(self) -> Services:
        """Deps, charts, operations, metrics and settings, typed."""
        return self.bot_data.services

    @property
    def operators(self) -> tuple[int, ...]:
        """Chat ids that see the operator commands."""
        return self.bot_data.operators

    @property
    def commands(self) -> tuple[Command, ...]:
        """The command table this application registered."""
        return self.bot_data.commands


CONTEXT_TYPES = ContextTypes(context=ChatContext, bot_data=BotData)

# The job queue's type is PTB's default; ArcFlux schedules with APScheduler, not the job queue.
ChatApplication = Application[
    ExtBot[None], ChatContext, dict[Any, Any], dict[Any, Any], BotData, Any
]
