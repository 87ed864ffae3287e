"""The command list: /help text and Telegram's command menu (setMyCommands) from one table."""

from contextlib import suppress
from dataclasses import dataclass

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError


@dataclass(frozen=True)
class Command:
    """A slash command the bot answers."""

    name: str
    description: str
    usage: str = ""
    operator: bool = False


# Only commands that work today; other features add their own rows when they land.
COMMANDS: list[Command] = [
    Command("start", "open your wallet"),
    Command("balance", "your balance"),
    Command("payments", "upcoming payments, with Cancel buttons"),
    Command("history", "your past payments"),
    Command("cancel", "stop a scheduled payment", "[who|reference|all]"),
    Command(
        "chart", "a chart as a picture", "success|latency|traffic|balance|spending [1h|24h|7d]"
    ),
    Command("limits", "your payment limits", "[payment|daily|recipient <amount>]"),
    Command("help", "what I understand"),
    Command("gateways", "gateway health and traffic shares", operator=True),
    Command("incidents", "recent incidents", operator=True),
    Command("chaos", "inject a gateway fault", "<gateway> fail <0-1> [kind]|slow|restore", True),
    Command("breaker", "open or close a gateway's breaker", "<gateway> open|close", True),
    Command("agent", "run a routing cycle now", operator=True),
]

EXAMPLES = ("pay bob 10 usdc", "send 25.5 USDC to @bobby")


def help_text(operator: bool = False) -> str:
    """The /help reply: one summary line, how to pay, then every command."""
    lines = ["ArcFlux pays people by chat message; nothing moves until you tap Confirm.", ""]
    lines.append("To pay, just write it:")
    lines += [f"• {example}" for example in EXAMPLES]
    lines += ["", "Commands:"]
    for command in COMMANDS:
        if command.operator and not operator:
            continue
        usage = f" {command.usage}" if command.usage else ""
        lines.append(f"/{command.name}{usage} — {command.description}")
    return "\n".join(lines)


def menu(operator: bool = False) -> list[BotCommand]:
    """Telegram's command menu for a person or an operator."""
    return [BotCommand(c.name, c.description) for c in COMMANDS if operator or not c.operator]


async def publish(bot: Bot, operators: tuple[int, ...]) -> None:
    """setMyCommands for everyone, and the longer list in each operator's chat."""
    await bot.set_my_commands(menu(), scope=BotCommandScopeDefault())
    for chat_id in operators:
        # An operator who never opened the bot has no chat yet; the default menu still applies.
        with suppress(TelegramError):
            await bot.set_my_commands(menu(operator=True), scope=BotCommandScopeChat(chat_id))
