"""The user aggregate's port: people and the limits they set for themselves."""

from collections.abc import Collection, Sequence
from typing import Protocol

from core.entities import User
from core.limits import UserLimits


class UserRepository(Protocol):
    """Users by id, Telegram id, or all (for payee resolution); users are never removed."""

    async def add(self, user: User) -> None: ...
    async def get(self, user_id: str) -> User | None: ...
    async def by_telegram_id(self, telegram_id: int) -> User | None: ...
    async def many(self, user_ids: Collection[str]) -> dict[str, User]:
        """Users by id, in one read (ids not found are left out)."""
        ...

    async def rename(self, user_id: str, name: str, username: str | None) -> None:
        """Store a person's current name and @username; the username leaves any older holder."""
        ...

    async def all(self) -> Sequence[User]: ...
    async def count(self) -> int: ...
    async def version(self) -> tuple[int, int]:
        """How many people there are and how often any was renamed: changes when the list does."""
        ...

    async def limits(self, user_id: str) -> UserLimits:
        """The user's own limits; all None (the defaults apply) when never changed."""
        ...

    async def set_limits(self, user_id: str, limits: UserLimits) -> None: ...
