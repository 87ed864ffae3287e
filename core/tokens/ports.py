"""The token store port and the record it keeps (never the raw token)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.principal import Kind, Principal, Scope


@dataclass(frozen=True)
class ApiToken:
    """One token as stored: its SHA-256 hash, who holds it, and its life."""

    id: str
    kind: Kind
    name: str
    scope: Scope
    digest: str  # hex SHA-256 of the raw token
    created_at: datetime
    owner_telegram_id: int | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def principal(self) -> Principal:
        """Who a request with this token acts as."""
        return Principal(self.kind, self.name, self.scope, self.owner_telegram_id)


class NameTaken(Exception):
    """A live token of that holder already has that name."""


class TokenStore(Protocol):
    """Where tokens live; names are unique per holder among live (unrevoked) tokens."""

    async def add(self, token: ApiToken) -> None:
        """Store a new token; raise NameTaken if a live one of its holder has its name."""
        ...

    async def live(self, kind: Kind, owner_telegram_id: int | None) -> Sequence[ApiToken]:
        """The holder's unrevoked tokens, by name."""
        ...

    async def revoke(
        self, kind: Kind, owner_telegram_id: int | None, name: str, at: datetime
    ) -> bool:
        """Revoke the holder's live token called ``name``; False when there is none."""
        ...

    async def by_digest(self, digest: str, at: datetime) -> ApiToken | None:
        """The live token with this hash, its ``last_used_at`` set to ``at``; else None."""
        ...
