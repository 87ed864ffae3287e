"""Thin Telegram handlers: update → use case → message. Rules live in core."""

import logging

from telegram import Message, Update
from telegram.ext import CommandHandler

from bot.telegram import guardian_handlers, render
from bot.telegram import series as series_render
from bot.telegram.callbacks import parse_pay_answer, parse_payee_choice, parse_suggestion_tap
from bot.telegram.context import ChatContext
from bot.telegram.menu import help_text
from core.accounts import onboarding
from core.conversation import messages
from core.conversation.clarify import Clarification
from core.errors import DomainError
from core.payments import proposals
from core.payments.cancel import CancelResult
from core.payments.proposals import Proposal
from core.queries.balance import read_balance

log = logging.getLogger(__name__)

NOT_UNDERSTOOD = "I didn't understand that. Try: pay bob 10 usdc, or /help."
PRIVATE_ONLY = "Payments work only in a private chat with me."
VOICE_OFF = "Voice messages are not enabled here; please type your request."


async def start(update: Update, context: ChatContext) -> None:
    """/start: register and open a wallet."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    result = await onboarding.start(context.services.deps, user.id, user.full_name, user.username)
    await message.reply_text(render.welcome(result))


async def balance(update: Update, context: ChatContext) -> None:
    """/balance."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    try:
        view = await read_balance(context.services.deps, user.id)
    except DomainError as error:
        await message.reply_text(error.message)
        return
    await message.reply_text(render.balance(view))


async def text(update: Update, context: ChatContext) -> None:
    """A free-text message: run the shared pipeline and show the outcome."""
    message = update.effective_message
    if message is not None and message.text:
        await _pipeline(update, context, message.text)


async def voice(update: Update, context: ChatContext) -> None:
    """A voice note: transcribe it when enabled, then treat it like text."""
    message = update.effective_message
    if message is None or message.voice is None:
        return
    transcriber = context.services.transcriber
    if transcriber is None:
        await message.reply_text(VOICE_OFF)
        return
    audio = await (await message.voice.get_file()).download_as_bytearray()
    words = await transcriber.transcribe(bytes(audio), "voice.ogg")
    if not words:
        await message.reply_text("I couldn't make out that voice note; please type it.")
        return
    await message.reply_text(f"I heard: “{render.trim(words, 500)}”")
    await _pipeline(update, context, words)


async def _pipeline(update: Update, context: ChatContext, words: str) -> None:
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if user is None or message is None or chat is None:
        return
    if chat.type != chat.PRIVATE:
        await message.reply_text(PRIVATE_ONLY)
        return
    try:
        outcome = await messages.handle_text(context.services.deps, user.id, words)
    except DomainError as error:
        await message.reply_text(error.message)
        return
    await _show(context, message, outcome, user.id)


async def _show(
    context: ChatContext, message: Message, outcome: messages.Outcome, owner: int
) -> None:
    if isinstance(outcome, Clarification):
        question, keyboard = render.clarification(outcome)
        await message.reply_text(question, reply_markup=keyboard)
    elif isinstance(outcome, Proposal):
        await guardian_handlers.present_proposal(context, message, outcome)
    elif isinstance(outcome, CancelResult):
        text, keyboard = outcome.text, None
        if outcome.choose is not None:  # the user picks from their /payments list, paged
            listed, keyboard = series_render.upcoming_page(outcome.choose)
            text = render.trim(f"{text}\n\n{listed}")
        await message.reply_text(text, reply_markup=keyboard)
    elif isinstance(outcome, messages.Answer):
        await message.reply_text(render.trim(outcome.text))
    elif isinstance(outcome, messages.HelpWanted):
        await message.reply_text(render.trim(help_text(context.commands)))
    elif isinstance(outcome, messages.NotUnderstood):
        keyboard = render.suggestions(outcome.suggestions, owner)
        await message.reply_text(NOT_UNDERSTOOD, reply_markup=keyboard)
    else:
        await message.reply_text(NOT_UNDERSTOOD)


async def payee_choice(update: Update, context: ChatContext) -> None:
    """A tap on 'which one do you mean?': continue the remembered command."""
    query = update.callback_query
    if query is None:
        return
    contact_id = parse_payee_choice(query.data)
    if contact_id is None or not isinstance(query.message, Message):
        await query.answer("That button is not valid.", show_alert=True)
        return
    try:
        outcome = await messages.choose_payee(context.services.deps, query.from_user.id, contact_id)
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    await query.answer()
    await _show(context, query.message, outcome, query.from_user.id)


async def suggestion_tap(update: Update, context: ChatContext) -> None:
    """A tap on a suggestion: run that intent for the tapper, only in their own private chat."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_suggestion_tap(query.data)
    if tap is None or not isinstance(query.message, Message):
        await query.answer("That button is not valid.", show_alert=True)
        return
    if query.from_user.id != tap.owner or query.message.chat.id != tap.owner:
        await query.answer("That button was offered to someone else.", show_alert=True)
        return
    try:
        outcome = await messages.run_suggestion(context.services.deps, tap.owner, tap.kind)
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    await query.answer()
    await _show(context, query.message, outcome, tap.owner)


async def pay_answer(update: Update, context: ChatContext) -> None:
    """Confirm/Deny taps. Every query is answered; refusals move nothing."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_pay_answer(query.data)
    if tap is None:
        await query.answer("That button is not valid.", show_alert=True)
        return
    try:
        result = await proposals.answer(
            context.services.deps,
            tap.payment_id,
            tap.details_hash,
            query.from_user.id,
            tap.action == "ok",
        )
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    if result.second_step:
        await guardian_handlers.ask_second_step(update, result)
        return
    await query.answer("Done." if result.confirmed else "Denied.")
    await query.edit_message_text(render.answered(result))  # the payee hears via the outbox


async def unknown_button(update: Update, context: ChatContext) -> None:
    """A tap whose data no handler knows (forged, or from an old version): refuse, answered."""
    query = update.callback_query
    if query is not None:  # unanswered, the user's client would spin until it times out
        await query.answer("That button is not valid.", show_alert=True)


async def command_as_text(update: Update, context: ChatContext) -> None:
    """/history and /cancel [who]: the same words without the slash, through the pipeline."""
    message = update.effective_message
    if message is not None and message.text:
        command, _, rest = message.text.removeprefix("/").partition(" ")
        await _pipeline(update, context, f"{command.split('@')[0]} {rest}".strip())


async def unknown_command(update: Update, context: ChatContext) -> None:
    """A /command no CommandHandler knows: say so instead of staying silent."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.removeprefix("/").split(maxsplit=1)[0].split("@")[0].lower()
    # Runs in a later group than the commands, so it checks they are really all unknown.
    known = {
        command
        for group in context.application.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    if name not in known:
        await message.reply_text("I don't know that command. /help lists what I can do.")
