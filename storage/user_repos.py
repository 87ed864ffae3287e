"""The user aggregate: people and their own limits."""

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.entities import User
from core.limits import UserLimits
from storage import mapping
from storage.dialects import among
from storage.models import UserLimitRow, UserRow

USERS = cast(Table, UserRow.__table__)
MICRO = 6  # limits are stored in millionths so any asset's precision fits
# Built once: every chat message runs these, and building one cost more than running it.
_USER_BY_TELEGRAM_ID = select(UserRow).where(UserRow.telegram_id == bindparam("telegram_id"))
_USER_COUNT = select(func.count()).select_from(UserRow)
_USERS_VERSION = select(func.count(), func.coalesce(func.sum(UserRow.profile_revision), 0))


def to_micros(value: Decimal | None) -> int | None:
    return None if value is None else int(value.scaleb(MICRO).to_integral_value())


def from_micros(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-MICRO).normalize()


def limits_from_micros(
    per_payment: int | None, per_day: int | None, per_recipient_day: int | None
) -> UserLimits:
    """A user_limits row's three stored values as UserLimits."""
    return UserLimits(
        from_micros(per_payment), from_micros(per_day), from_micros(per_recipient_day)
    )


class SqlUsers:
    """UserRepository on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, user: User) -> None:
        """Insert a user."""
        self._s.add(mapping.user_row(user))
        await self._s.flush()

    async def get(self, user_id: str) -> User | None:
        """A user by id."""
        row = await self._s.get(UserRow, user_id)
        return mapping.user(row) if row else None

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        """A user by Telegram id."""
        row = await self._s.scalar(_USER_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
        return mapping.user(row) if row else None

    async def many(self, user_ids: Collection[str]) -> dict[str, User]:
        """Users by id."""
        rows = await self._s.execute(select(USERS).where(among(self._s, USERS.c.id, user_ids)))
        return {u.id: u for u in map(mapping.user_at, rows)}

    async def rename(self, user_id: str, name: str, username: str | None) -> None:
        """Update name and username; an @username belongs to its latest holder only."""
        if username is not None:
            await self._s.execute(
                update(UserRow)
                .where(func.lower(UserRow.username) == username.lower(), UserRow.id != user_id)
                .values(username=None)
            )
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(name=name, username=username, profile_revision=UserRow.profile_revision + 1)
        )

    async def version(self) -> tuple[int, int]:
        """(users, renames so far) in one read."""
        count, renames = (await self._s.execute(_USERS_VERSION)).one()
        return int(count), int(renames)

    async def all(self) -> Sequence[User]:
        """Every user."""
        return [mapping.user(r) for r in (await self._s.scalars(select(UserRow))).all()]

    async def count(self) -> int:
        """How many users there are."""
        return int(await self._s.scalar(_USER_COUNT) or 0)

    async def limits(self, user_id: str) -> UserLimits:
        """The user's own limits (all None when never changed)."""
        row = await self._s.get(UserLimitRow, user_id, populate_existing=True)
        if row is None:
            return UserLimits()
        return limits_from_micros(
            row.per_payment_micros, row.per_day_micros, row.per_recipient_day_micros
        )

    async def set_limits(self, user_id: str, limits: UserLimits) -> None:
        """Store the user's limits."""
        row = await self._s.get(UserLimitRow, user_id) or UserLimitRow(user_id=user_id)
        row.per_payment_micros = to_micros(limits.per_payment)
        row.per_day_micros = to_micros(limits.per_day)
        row.per_recipient_day_micros = to_micros(limits.per_recipient_day)
        self._s.add(row)
        await self._s.flush()
