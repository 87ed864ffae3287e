"""Builds the python-telegram-bot Application for polling or webhook mode, on the services."""

from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.services import Services
from bot.telegram import (
    commands,
    guardian_handlers,
    handlers,
    ops_handlers,
    series,
)
from bot.telegram.context import CONTEXT_TYPES, ChatApplication
from bot.telegram.errors import error_handler
from bot.telegram.fleet_limits import SharedFloodBudget, SharedRateLimiter
from bot.telegram.flood import flood_guard, strangers_out
from bot.telegram.paging import Pager, page_tapper
from core.paging import ListKind
from core.ratelimit import FloodBudget, Throttle, TokenBuckets

FLOOD_GROUP = -1  # runs before every other handler group


def build_application(
    token: str,
    services: Services,
    *,
    base_url: str = "https://api.telegram.org/bot",
    request: BaseRequest | None = None,
    polling: bool = True,
    operators: tuple[int, ...] = (),
    rate_limited: bool = False,
    shared_flood: FloodBudget | None = None,
) -> ChatApplication:
    """The Application with every handler registered and ``services`` bound to its context.

    ``shared_flood`` counts each person's updates across every process of the bot.
    """
    # Files live beside the methods: https://host/bot<token>/m → https://host/file/bot<token>/f
    file_url = base_url[: -len("bot")] + "file/bot" if base_url.endswith("bot") else base_url
    builder = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not polling:
        builder = builder.updater(None)
    if rate_limited:  # Telegram's outgoing limits (global and per group), retrying RetryAfter
        builder = builder.rate_limiter(SharedRateLimiter(max_retries=3))  # type: ignore[arg-type]
    application: ChatApplication = builder.build()
    application.bot_data.bound = services
    application.bot_data.operators = operators
    commands.register(application)
    _register_buttons_and_messages(application)
    clock = services.deps.clock
    application.add_handler(TypeHandler(Update, strangers_out), FLOOD_GROUP - 1)
    flood: FloodBudget = TokenBuckets(clock)
    if shared_flood is not None:
        flood = SharedFloodBudget(shared_flood, local=flood)
    application.add_handler(TypeHandler(Update, flood_guard(flood)), FLOOD_GROUP)
    application.add_error_handler(error_handler(operators, Throttle(clock)))
    # Last in its group, so it runs only when no button handler above matched the data.
    application.add_handler(CallbackQueryHandler(handlers.unknown_button))
    # A group of its own: it must see every command, after whichever handler took it.
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command), group=1)
    return application


def _register_buttons_and_messages(application: ChatApplication) -> None:
    """Inline-button taps by callback-data prefix, then free text and voice."""
    pagers: dict[ListKind, Pager] = {
        "payments": series.payments_page,
        "incidents": ops_handlers.incidents_page,
    }
    for pattern, tapped in (
        (r"^pay:", handlers.pay_answer),
        (r"^who:", handlers.payee_choice),
        (r"^sg:", handlers.suggestion_tap),
        (r"^ser:", series.cancel_tap),
        (r"^pg:", page_tapper(pagers)),
        (r"^rev:", guardian_handlers.review_answer),
        (r"^inc:", ops_handlers.incident_button),
    ):
        application.add_handler(CallbackQueryHandler(tapped, pattern=pattern))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text))
    application.add_handler(MessageHandler(filters.VOICE, handlers.voice))
    # Group -1, registered before the flood guard as it always was: the second step of a
    # confirmation is checked ahead of the text pipeline. PTB runs one handler per group, so
    # private text meets this handler there and not the flood guard (unchanged here).
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private_text, guardian_handlers.second_step), group=-1)
