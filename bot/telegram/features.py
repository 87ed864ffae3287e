"""Everything around the core handlers: help and menu, charts, flood guard, error handler."""

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, TypeHandler

from bot.charts.service import ChartService
from bot.telegram import commands
from bot.telegram.chart_handler import chart
from bot.telegram.errors import error_handler
from bot.telegram.flood import flood_guard, strangers_out
from core.paging import clip
from core.ports import Clock
from core.ratelimit import Throttle, TokenBuckets

FLOOD_GROUP = -1  # runs before every other handler group


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: every command that works, operator commands for operators."""
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    operators: tuple[int, ...] = context.application.bot_data.get("operators", ())
    await message.reply_text(clip(commands.help_text(user is not None and user.id in operators)))


def install(
    application: Application,
    clock: Clock,
    *,
    operators: tuple[int, ...] = (),
    charts: ChartService | None = None,
) -> None:
    """Register the shared handlers and the error handler on ``application``."""
    application.bot_data["operators"] = operators
    application.bot_data["charts"] = charts
    application.add_handler(TypeHandler(Update, strangers_out), FLOOD_GROUP - 1)
    application.add_handler(TypeHandler(Update, flood_guard(TokenBuckets(clock))), FLOOD_GROUP)
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("chart", chart))
    application.add_error_handler(error_handler(operators, Throttle(clock)))
