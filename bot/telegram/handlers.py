"""Thin Telegram handlers: update → use case → message. Rules live in core."""

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import guardian_handlers, render
from bot.telegram.callbacks import parse_pay_answer
from core.errors import DomainError
from core.usecases import messages, onboarding, payments, queries
from core.usecases.deps import Deps
from core.usecases.payments import Proposal
from core.usecases.queries import BalanceView

log = logging.getLogger(__name__)

NOT_UNDERSTOOD = "I didn't understand that. Try: pay bob 10 usdc, or /help."
PRIVATE_ONLY = "Payments work only in a private chat with me."


def _deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    deps: Deps = context.application.bot_data["deps"]
    return deps


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: register and open a wallet."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    result = await onboarding.start(_deps(context), user.id, user.full_name, user.username)
    await message.reply_text(render.welcome(result))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot understands."""
    if update.effective_message:
        await update.effective_message.reply_text(render.HELP)


async def balance(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/balance."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    try:
        view = await queries.balance(_deps(context), user.id)
    except DomainError as error:
        await message.reply_text(error.message)
        return
    await message.reply_text(render.balance(view))


async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A free-text message: run the shared pipeline and show the outcome."""
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if user is None or message is None or chat is None or not message.text:
        return
    if chat.type != chat.PRIVATE:
        await message.reply_text(PRIVATE_ONLY)
        return
    try:
        outcome = await messages.handle_text(_deps(context), user.id, message.text)
    except DomainError as error:
        await message.reply_text(error.message)
        return
    if isinstance(outcome, Proposal):
        await guardian_handlers.present_proposal(context, message, outcome)
    elif isinstance(outcome, BalanceView):
        await message.reply_text(render.balance(outcome))
    elif isinstance(outcome, messages.HelpWanted):
        await message.reply_text(render.HELP)
    else:
        await message.reply_text(NOT_UNDERSTOOD)


async def pay_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirm/Deny taps. Every query is answered; refusals move nothing."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_pay_answer(query.data)
    if tap is None:
        await query.answer("That button is not valid.", show_alert=True)
        return
    try:
        result = await payments.answer(
            _deps(context), tap.payment_id, tap.details_hash, query.from_user.id, tap.action == "ok"
        )
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    if result.second_step:
        await guardian_handlers.ask_second_step(update, result)
        return
    await query.answer("Done." if result.confirmed else "Denied.")
    await query.edit_message_text(render.answered(result))
    execution = result.execution
    if execution is not None and execution.succeeded:
        await context.bot.send_message(result.payee.telegram_id, render.payee_notice(result))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log unexpected failures with context; tell the user one plain sentence."""
    log.error("unhandled error for update %r", update, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text("Something went wrong on my side; nothing moved.")
