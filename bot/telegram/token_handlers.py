"""/token: a person makes, lists and revokes their own API tokens (private chats only)."""

from telegram import Update

from bot.telegram.context import ChatContext
from core.audit import Actor, Door
from core.errors import DomainError
from core.people import registered_user
from core.tokens import use_cases as tokens
from core.tokens.audited import record_token_change

USAGE = "Use /token new NAME pay|read, /token, or /token revoke NAME."


async def token_command(update: Update, context: ChatContext) -> None:
    """/token [new NAME pay|read | revoke NAME]: thin over core.tokens."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    services, args = context.services, context.args or []
    deps = services.deps
    try:
        async with deps.uow(read_only=True) as uow:
            await registered_user(uow, user.id)  # a token acts for a wallet: open one first
        if args[:1] == ["new"] and len(args) == 3:
            made = await tokens.make_personal(
                services.tokens, deps.clock, deps.ids, user.id, args[1], args[2]
            )
            await record_token_change(
                deps, Actor.person(user.id), Door.TELEGRAM, user.id, args[1], "make", scope=args[2]
            )
            await message.reply_text(
                f"Your token {made.token.name} (scope {made.token.scope}):\n{made.raw}\n"
                "It will not be shown again. Send it as Authorization: Bearer <token>."
            )
        elif args[:1] == ["revoke"] and len(args) == 2:
            await tokens.revoke(services.tokens, deps.clock, "person_token", user.id, args[1])
            await record_token_change(
                deps, Actor.person(user.id), Door.TELEGRAM, user.id, args[1], "revoke"
            )
            await message.reply_text(f"Revoked {args[1]}; it no longer works.")
        elif not args:
            live = await tokens.listed(services.tokens, "person_token", user.id)
            lines = [
                f"• {t.name} ({t.scope}), last used "
                f"{t.last_used_at.strftime('%Y-%m-%d %H:%M UTC') if t.last_used_at else 'never'}"
                for t in live
            ]
            none = f"You have no API tokens. {USAGE}"
            await message.reply_text("\n".join(["Your tokens:", *lines]) if lines else none)
        else:
            await message.reply_text(USAGE)
    except DomainError as error:
        await message.reply_text(error.message)
