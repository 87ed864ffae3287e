"""Constant-time checks for the webhook secret and REST bearer tokens."""

import hmac
from collections.abc import Iterable

from fastapi import HTTPException, Request, status
from pydantic import SecretStr

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def same_secret(given: str | None, expected: SecretStr | None) -> bool:
    """True only if both exist and match, compared in constant time."""
    if not given or expected is None:
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def require_bearer(request: Request, tokens: Iterable[SecretStr]) -> None:
    """Raise 401 unless the request carries one of ``tokens`` as a bearer token."""
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    valid = scheme.lower() == "bearer" and any(same_secret(given.strip(), t) for t in tokens)
    if not valid:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
