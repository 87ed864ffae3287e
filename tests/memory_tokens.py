"""An in-memory TokenStore keeping the SQL store's contract (live names unique per holder)."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from core.principal import Kind
from core.tokens.ports import ApiToken, NameTaken


class MemoryTokenStore:
    """Tokens in a dict by id; revoked ones stay."""

    def __init__(self) -> None:
        self.rows: dict[str, ApiToken] = {}

    def _live(self, kind: Kind, owner: int | None) -> list[ApiToken]:
        return [
            t
            for t in self.rows.values()
            if t.kind == kind and t.owner_telegram_id == owner and t.revoked_at is None
        ]

    async def add(self, token: ApiToken) -> None:
        if any(t.name == token.name for t in self._live(token.kind, token.owner_telegram_id)):
            raise NameTaken(token.name)
        if any(t.digest == token.digest for t in self.rows.values()):
            raise NameTaken(token.name)
        self.rows[token.id] = token

    async def live(self, kind: Kind, owner_telegram_id: int | None) -> Sequence[ApiToken]:
        return sorted(self._live(kind, owner_telegram_id), key=lambda t: t.name)

    async def revoke(
        self, kind: Kind, owner_telegram_id: int | None, name: str, at: datetime
    ) -> bool:
        for token in self._live(kind, owner_telegram_id):
            if token.name == name:
                self.rows[token.id] = replace(token, revoked_at=at)
                return True
        return False

    async def by_digest(self, digest: str, at: datetime) -> ApiToken | None:
        for token in self.rows.values():
            if token.digest == digest and token.revoked_at is None:
                self.rows[token.id] = replace(token, last_used_at=at)
                return self.rows[token.id]
        return None
