"""TokenStore on SQLAlchemy: each call one short transaction, a lookup one UPDATE … RETURNING."""

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.principal import Kind, Scope
from core.tokens.ports import ApiToken, NameTaken
from storage.token_models import ApiTokenRow

_TABLE = cast(Table, ApiTokenRow.__table__)


def holder_of(kind: Kind, owner: int | None) -> str:
    """The key names are unique under."""
    return f"person:{owner}" if kind == "person_token" else "service"


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        id=row.id,
        kind=cast(Kind, row.kind),
        name=row.name,
        scope=cast(Scope, row.scope),
        digest=row.digest,
        created_at=row.created_at,
        owner_telegram_id=row.owner_telegram_id,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


class SqlTokenStore:
    """Tokens in ``api_tokens``."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, token: ApiToken) -> None:
        """Insert; the partial unique index turns a live duplicate name into NameTaken."""
        row = ApiTokenRow(
            id=token.id,
            digest=token.digest,
            kind=token.kind,
            holder=holder_of(token.kind, token.owner_telegram_id),
            name=token.name,
            scope=token.scope,
            owner_telegram_id=token.owner_telegram_id,
            created_at=token.created_at,
        )
        try:
            async with self._sessions() as session, session.begin():
                session.add(row)
        except IntegrityError:
            raise NameTaken(token.name) from None

    async def live(self, kind: Kind, owner_telegram_id: int | None) -> Sequence[ApiToken]:
        """The holder's unrevoked tokens, by name."""
        query = (
            select(ApiTokenRow)
            .where(
                ApiTokenRow.holder == holder_of(kind, owner_telegram_id),
                ApiTokenRow.revoked_at.is_(None),
            )
            .order_by(ApiTokenRow.name)
        )
        async with self._sessions() as session:
            return [_token(r) for r in (await session.scalars(query)).all()]

    async def revoke(
        self, kind: Kind, owner_telegram_id: int | None, name: str, at: datetime
    ) -> bool:
        """Set ``revoked_at`` on the live token of that name."""
        statement = (
            update(_TABLE)
            .where(
                _TABLE.c.holder == holder_of(kind, owner_telegram_id),
                _TABLE.c.name == name,
                _TABLE.c.revoked_at.is_(None),
            )
            .values(revoked_at=at)
            .returning(_TABLE.c.id)
        )
        async with self._sessions() as session, session.begin():
            return (await session.execute(statement)).first() is not None

    async def by_digest(self, digest: str, at: datetime) -> ApiToken | None:
        """Mark the live token's use and read it back, in one statement."""
        statement = (
            update(ApiTokenRow)
            .where(ApiTokenRow.digest == digest, ApiTokenRow.revoked_at.is_(None))
            .values(last_used_at=at)
            .returning(ApiTokenRow)
        )
        async with self._sessions() as session, session.begin():
            row = (await session.scalars(statement)).first()
            return _token(row) if row is not None else None
