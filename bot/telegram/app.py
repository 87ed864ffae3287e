"""Builds the python-telegram-bot Application for polling or webhook mode."""

from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.telegram import handlers, series
from core.usecases.deps import Deps


def build_application(
    token: str,
    deps: Deps,
    *,
    base_url: str = "https://api.telegram.org/bot",
    request: BaseRequest | None = None,
    polling: bool = True,
) -> Application:
    """The Application with every handler registered and the use-case deps attached."""
    builder = ApplicationBuilder().token(token).base_url(base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data["deps"] = deps
    private = filters.ChatType.PRIVATE  # wallets and balances never show in groups
    application.add_handler(CommandHandler("start", handlers.start, filters=private))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("balance", handlers.balance, filters=private))
    application.add_handler(CallbackQueryHandler(handlers.pay_answer, pattern=r"^pay:"))
    application.add_handler(CommandHandler("payments", series.payments_command, filters=private))
    application.add_handler(CallbackQueryHandler(series.cancel_tap, pattern=r"^ser:"))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text))
    application.add_error_handler(handlers.on_error)
    return application
