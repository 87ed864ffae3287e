"""Constant-time checks for the webhook secret and REST bearer tokens."""

import hmac
from collections.abc import Iterable

from fastapi import HTTPException, status
from fastapi.security import HTTPBearer
from pydantic import SecretStr

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# auto_error=False: we answer 401 with WWW-Authenticate ourselves, not FastAPI's 403.
bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="ApiToken", description="One of the API_TOKENS settings."
)


def same_secret(given: str | None, expected: SecretStr | None) -> bool:
    """True only if both exist and match, compared in constant time."""
    if not given or expected is None:
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def has_bearer(header: str | None, tokens: Iterable[SecretStr]) -> bool:
    """True if an ``Authorization`` header value carries one of ``tokens``."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and any(same_secret(given.strip(), t) for t in tokens)


def refusal() -> HTTPException:
    """The 401 every unauthenticated REST call gets."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "a valid bearer token is required",
        headers={"WWW-Authenticate": "Bearer"},
    )
