"""Builds the python-telegram-bot Application for polling or webhook mode."""

from typing import Protocol

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.charts.service import ChartService
from bot.operations import Operations
from bot.telegram import features, guardian_handlers, handlers, ops_handlers, paged, series
from core.usecases.deps import Deps


class VoiceTranscriber(Protocol):
    """Speech to text (agents.llm.Transcriber)."""

    async def transcribe(self, audio: bytes, filename: str = ...) -> str | None: ...


def build_application(
    token: str,
    deps: Deps,
    *,
    base_url: str = "https://api.telegram.org/bot",
    request: BaseRequest | None = None,
    polling: bool = True,
    transcriber: VoiceTranscriber | None = None,
    operators: tuple[int, ...] = (),
    charts: ChartService | None = None,
    rate_limited: bool = False,
    ops: Operations | None = None,
) -> Application:
    """The Application with every handler registered and the use-case deps attached."""
    # Files live beside the methods: https://host/bot<token>/m → https://host/file/bot<token>/f
    file_url = base_url[: -len("bot")] + "file/bot" if base_url.endswith("bot") else base_url
    builder = ApplicationBuilder().token(token).base_url(base_url).base_file_url(file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not polling:
        builder = builder.updater(None)
    if rate_limited:  # Telegram's outgoing limits (global and per group), retrying RetryAfter
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    application = builder.build()
    application.bot_data["deps"] = deps
    application.bot_data["transcriber"] = transcriber
    private = filters.ChatType.PRIVATE  # wallets and balances never show in groups
    application.add_handler(CommandHandler("start", handlers.start, filters=private))
    application.add_handler(CommandHandler("balance", handlers.balance, filters=private))
    application.add_handler(CallbackQueryHandler(handlers.pay_answer, pattern=r"^pay:"))
    application.add_handler(CallbackQueryHandler(handlers.payee_choice, pattern=r"^who:"))
    application.add_handler(CallbackQueryHandler(handlers.suggestion_tap, pattern=r"^sg:"))
    application.add_handler(CommandHandler("payments", series.payments_command, filters=private))
    application.add_handler(CallbackQueryHandler(series.cancel_tap, pattern=r"^ser:"))
    application.add_handler(CallbackQueryHandler(paged.page_tap, pattern=r"^pg:"))
    application.add_handler(CommandHandler(["history", "cancel"], handlers.command_as_text))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text))
    application.add_handler(MessageHandler(filters.VOICE, handlers.voice))
    guardian_handlers.register(application)
    features.install(application, deps.clock, operators=operators, charts=charts)
    if ops is not None:
        ops_handlers.register(application, ops)
    # Last in its group, so it runs only when no button handler above matched the data.
    application.add_handler(CallbackQueryHandler(handlers.unknown_button))
    # A group of its own: it must see every command, after whichever handler took it.
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command), group=1)
    return application
