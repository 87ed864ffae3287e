"""Thin handlers for the guardian's flows: /limits, step-up and operator review."""

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram import guardian_render, render
from bot.telegram.callbacks import PayAnswer
from bot.telegram.context import ChatContext
from bot.telegram.guardian_callbacks import parse_review
from bot.telegram.notifier import TelegramNotifier
from core.entities import RiskLevel
from core.errors import DomainError
from core.guardian import limits
from core.limits import LimitKind
from core.money import to_decimal
from core.payments import proposals, review, stepup
from core.payments.proposals import Answered, Proposal
from core.scheduling.tick import deliver
from core.states import PaymentStatus

log = logging.getLogger(__name__)

_KINDS: dict[str, LimitKind] = {
    "payment": "payment",
    "per-payment": "payment",
    "daily": "daily",
    "day": "daily",
    "recipient": "recipient",
    "person": "recipient",
}
LIMITS_USAGE = "Try /limits, /limits daily 200, or (operators) /limits @name daily 500."


async def present_proposal(context: ChatContext, message: Message, proposal: Proposal) -> None:
    """Show the payer their card for the band; operators hear of reviews and step-ups now."""
    text, keyboard = guardian_render.proposal_message(proposal)
    await message.reply_text(text, reply_markup=keyboard)
    if proposal.payment.status is PaymentStatus.AWAITING_REVIEW or (
        proposal.assessment.level is RiskLevel.STEP_UP
    ):
        # propose() queued their messages with the payment; send them without waiting for the
        # outbox loop (which would deliver them within a second anyway, crash or not).
        await deliver(context.services.deps, TelegramNotifier(context.bot))


async def ask_second_step(update: Update, result: Answered) -> None:
    """After the first Confirm of a step-up payment: ask for the typed amount."""
    query = update.callback_query
    assert query is not None
    pay = result.payment
    deny = PayAnswer("no", pay.id, pay.details_hash).encode()
    await query.answer("One more step: type the amount.")
    await query.edit_message_text(
        guardian_render.second_step_prompt(result),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Deny", callback_data=deny)]]),
    )


async def second_step(update: Update, context: ChatContext) -> None:
    """A bare amount from a payer with a step-up waiting: the second step of the confirmation."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text:
        return
    deps = context.services.deps
    waiting = await stepup.pending(deps, user.id, message.text)
    if waiting is None:
        return  # not a second step: the ordinary text handler takes it
    pay = waiting.payment
    try:
        result = await proposals.answer(
            deps, pay.id, pay.details_hash, user.id, True, typed_amount=waiting.typed
        )
    except DomainError as error:
        await message.reply_text(error.message)
        raise ApplicationHandlerStop from None
    await message.reply_text(render.answered(result))  # the payee hears via the outbox
    raise ApplicationHandlerStop


async def review_answer(update: Update, context: ChatContext) -> None:
    """An operator's Approve or Reject."""
    query = update.callback_query
    if query is None:
        return
    tap = parse_review(query.data)
    if tap is None:
        await query.answer("That button is not valid.", show_alert=True)
        return
    try:
        result = await review.review(
            context.services.deps,
            tap.payment_id,
            tap.details_hash,
            query.from_user.id,
            tap.action == "ok",
        )
    except DomainError as error:
        await query.answer(error.message, show_alert=True)
        return
    await query.answer("Approved." if result.approved else "Rejected.")
    who = query.from_user.full_name or str(query.from_user.id)
    await query.edit_message_text(guardian_render.reviewed_for_operator(result, who))
    if result.proposal is not None:
        text, keyboard = guardian_render.proposal_message(result.proposal)
        await context.bot.send_message(result.payer.telegram_id, text, reply_markup=keyboard)
    else:
        await context.bot.send_message(
            result.payer.telegram_id, guardian_render.rejected_for_payer(result)
        )


async def limits_command(update: Update, context: ChatContext) -> None:
    """/limits, /limits <kind> <amount> (lower), /limits <@who> <kind> <amount> (operators)."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    args, deps = list(context.args or []), context.services.deps
    try:
        if not args:
            view = await limits.show(deps, user.id)
        elif len(args) in (2, 3) and args[-2].lower() in _KINDS:
            kind, amount = _KINDS[args[-2].lower()], to_decimal(args[-1])
            if len(args) == 2:
                view = await limits.lower(deps, user.id, kind, amount)
            else:
                view = await limits.operator_set(deps, user.id, args[0], kind, amount)
        else:
            await message.reply_text(LIMITS_USAGE)
            return
    except DomainError as error:
        await message.reply_text(error.message)
        return
    await message.reply_text(guardian_render.limits(view))
