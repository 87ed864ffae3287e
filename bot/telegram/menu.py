"""A row of the command table, and the two texts read from it: /help and the command menu."""

from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import BotCommand
from telegram.ext import filters

if TYPE_CHECKING:  # the context module types its table with this row
    from bot.telegram.context import ChatContext

Handler = Callable[[Any, "ChatContext"], Coroutine[Any, Any, None]]
EXAMPLES = ("pay bob 10 usdc", "send 25.5 USDC to @bobby")


@dataclass(frozen=True)
class Command:
    """A slash command: who may use it, where, what it does, and whether the menu lists it."""

    name: str
    handler: Handler
    description: str
    usage: str = ""
    operator: bool = False  # listed in /help and the menu for operators only
    chats: filters.BaseFilter | None = None  # e.g. private chats only; None: every chat
    in_menu: bool = True


def help_text(commands: Iterable[Command], operator: bool = False) -> str:
    """The /help reply: one summary line, how to pay, then every command."""
    lines = ["ArcFlux pays people by chat message; nothing moves until you tap Confirm.", ""]
    lines.append("To pay, just write it:")
    lines += [f"• {example}" for example in EXAMPLES]
    lines += ["", "Commands:"]
    for command in commands:
        if command.operator and not operator:
            continue
        usage = f" {command.usage}" if command.usage else ""
        lines.append(f"/{command.name}{usage} — {command.description}")
    return "\n".join(lines)


def menu(commands: Iterable[Command], operator: bool = False) -> list[BotCommand]:
    """Telegram's command menu for a person or an operator."""
    return [
        BotCommand(c.name, c.description)
        for c in commands
        if c.in_menu and (operator or not c.operator)
    ]
