"""Making, listing, revoking and resolving API tokens; the raw token is shown only once."""

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import DomainError
from core.ports import Clock, IdSource
from core.principal import PERSON_SCOPES, SERVICE_SCOPES, Kind, Principal, Scope
from core.tokens.ports import ApiToken, NameTaken, TokenStore

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
RANDOM_BYTES = 32  # token_urlsafe(32): 43 url-safe characters, 256 random bits


class TokenRefused(DomainError):
    """A token cannot be made or revoked as asked."""


@dataclass(frozen=True)
class Made:
    """A new token: the record, and the raw token to show exactly once."""

    token: ApiToken
    raw: str


def digest_of(raw: str) -> str:
    """The hex SHA-256 stored in place of the token."""
    return hashlib.sha256(raw.encode()).hexdigest()


async def make_personal(
    store: TokenStore, clock: Clock, ids: IdSource, owner: int, name: str, scope: str
) -> Made:
    """A person's new token, acting only for ``owner``: scope ``pay`` or ``read``."""
    return await _make(store, clock, ids, "person_token", owner, name, scope, PERSON_SCOPES)


async def make_service(
    store: TokenStore, clock: Clock, ids: IdSource, name: str, scope: str
) -> Made:
    """A service's new token, never acting for a person: scope ``ops`` or ``read``."""
    return await _make(store, clock, ids, "service_token", None, name, scope, SERVICE_SCOPES)


async def _make(
    store: TokenStore,
    clock: Clock,
    ids: IdSource,
    kind: Kind,
    owner: int | None,
    name: str,
    scope: str,
    allowed: tuple[Scope, ...],
) -> Made:
    if not NAME.match(name):
        raise TokenRefused(
            "A token name is 1–32 letters, digits, dots, dashes or underscores, e.g. laptop."
        )
    chosen = next((s for s in allowed if s == scope), None)
    if chosen is None:
        raise TokenRefused(f"The scope must be {' or '.join(allowed)}.")
    raw = secrets.token_urlsafe(RANDOM_BYTES)
    token = ApiToken(ids.new_id(), kind, name, chosen, digest_of(raw), clock.now(), owner)
    try:
        await store.add(token)
    except NameTaken:
        raise TokenRefused(f"You already have a token called {name}; revoke it first.") from None
    return Made(token, raw)


async def listed(store: TokenStore, kind: Kind, owner: int | None) -> Sequence[ApiToken]:
    """The holder's live tokens."""
    return await store.live(kind, owner)


async def revoke(store: TokenStore, clock: Clock, kind: Kind, owner: int | None, name: str) -> None:
    """Revoke a live token by name; kept (with ``revoked_at``), never deleted."""
    if not await store.revoke(kind, owner, name, clock.now()):
        raise TokenRefused(f"There is no live token called {name}.")


async def resolve(store: TokenStore, clock: Clock, raw: str) -> Principal | None:
    """Who a bearer token stands for, marking its use; None for unknown or revoked tokens."""
    found = await store.by_digest(digest_of(raw), clock.now())
    return found.principal if found is not None else None
