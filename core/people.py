"""Who is behind a Telegram id."""

from core.entities import User
from core.errors import NotRegistered
from core.ports import UnitOfWork

# Telegram's user ids are positive and fit in 52 bits; anything else is not a person.
MAX_TELEGRAM_ID = 2**52


def is_telegram_id(value: int) -> bool:
    """Whether ``value`` can be a Telegram user's id."""
    return 1 <= value <= MAX_TELEGRAM_ID


NOT_REGISTERED = "Send /start first so I can open your wallet."


async def registered_user(uow: UnitOfWork, telegram_id: int) -> User:
    """The ArcFlux user behind a Telegram id, or NotRegistered."""
    user = await uow.users.by_telegram_id(telegram_id)
    if user is None:
        raise NotRegistered(NOT_REGISTERED)
    return user
