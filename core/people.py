"""Who is behind a Telegram id."""

from core.entities import User
from core.errors import NotRegistered
from core.ports import UnitOfWork

NOT_REGISTERED = "Send /start first so I can open your wallet."


async def registered_user(uow: UnitOfWork, telegram_id: int) -> User:
    """The ArcFlux user behind a Telegram id, or NotRegistered."""
    user = await uow.users.by_telegram_id(telegram_id)
    if user is None:
        raise NotRegistered(NOT_REGISTERED)
    return user
