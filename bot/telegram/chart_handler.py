"""/chart <kind> [1h|24h|7d]: a chart as a photo with a one-line caption."""

from telegram import Update
from telegram.constants import ChatAction

from bot.telegram.context import ChatContext
from core.errors import DomainError


async def chart(update: Update, context: ChatContext) -> None:
    """Render the requested chart for the sender and send it as a photo."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    charts = context.services.charts
    args = context.args or []
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    try:
        image = await charts.render(
            args[0] if args else None, args[1] if len(args) > 1 else None, user.id
        )
    except DomainError as error:
        await message.reply_text(error.message)
        return
    await message.reply_photo(image.png, caption=image.caption)
