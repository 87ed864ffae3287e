"""The command table: registration, /help and Telegram's command menu all read this one tuple."""

from contextlib import suppress

from telegram import Bot, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, filters

from bot.telegram import guardian_handlers, handlers, ops_handlers, series
from bot.telegram.chart_handler import chart
from bot.telegram.context import ChatApplication, ChatContext
from bot.telegram.menu import Command, help_text, menu
from bot.telegram.token_handlers import token_command
from core.paging import clip

PRIVATE = filters.ChatType.PRIVATE  # wallets and balances never show in groups


async def help_command(update: Update, context: ChatContext) -> None:
    """/help: every command that works, operator commands for operators."""
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    operator = user is not None and user.id in context.operators
    await message.reply_text(clip(help_text(context.commands, operator)))


# Only commands that work today; other features add their own rows when they land.
COMMANDS: tuple[Command, ...] = (
    Command("start", handlers.start, "open your wallet", chats=PRIVATE),
    Command("balance", handlers.balance, "your balance", chats=PRIVATE),
    Command(
        "payments",
        series.payments_command,
        "upcoming payments, with Cancel buttons",
        chats=PRIVATE,
    ),
    Command("history", handlers.command_as_text, "your past payments"),
    Command("cancel", handlers.command_as_text, "stop a scheduled payment", "[who|reference|all]"),
    Command(
        "chart",
        chart,
        "a chart as a picture",
        "success|latency|traffic|balance|spending [1h|24h|7d]",
    ),
    Command(
        "limits",
        guardian_handlers.limits_command,
        "your payment limits",
        "[payment|daily|recipient <amount>]",
        chats=PRIVATE,
    ),
    Command(
        "token",
        token_command,
        "your API tokens",
        "[new NAME pay|read | revoke NAME]",
        chats=PRIVATE,
    ),
    Command("help", help_command, "what I understand"),
    Command("gateways", ops_handlers.gateways, "gateway health and traffic shares", operator=True),
    Command("incidents", ops_handlers.incidents, "recent incidents", operator=True),
    Command(
        "chaos",
        ops_handlers.chaos,
        "inject a gateway fault",
        "<gateway> fail <0-1> [kind]|slow|restore",
        operator=True,
    ),
    Command(
        "breaker",
        ops_handlers.breaker,
        "open or close a gateway's breaker",
        "<gateway> open|close",
        operator=True,
    ),
    Command("agent", ops_handlers.agent, "run a routing cycle now", operator=True),
)


def register(application: ChatApplication) -> None:
    """One CommandHandler per row, with the row's chat filter."""
    application.bot_data.commands = COMMANDS
    for command in COMMANDS:
        application.add_handler(
            CommandHandler(command.name, command.handler, filters=command.chats)
        )


def people_help() -> str:
    """The /help text a person who is not an operator sees (also the "help" intent's answer)."""
    return help_text(COMMANDS)


async def publish(bot: Bot, operators: tuple[int, ...]) -> None:
    """setMyCommands for everyone, and the longer list in each operator's chat."""
    await bot.set_my_commands(menu(COMMANDS), scope=BotCommandScopeDefault())
    for chat_id in operators:
        # An operator who never opened the bot has no chat yet; the default menu still applies.
        with suppress(TelegramError):
            await bot.set_my_commands(
                menu(COMMANDS, operator=True), scope=BotCommandScopeChat(chat_id)
            )
