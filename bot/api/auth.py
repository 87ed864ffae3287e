"""Constant-time secret checks, and the REST refusals: 401 (who are you?) and 403 (not you)."""

import hmac

from fastapi import HTTPException, status
from fastapi.security import HTTPBearer
from pydantic import SecretStr

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# auto_error=False: we answer 401 with WWW-Authenticate ourselves, not FastAPI's 403.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="A personal token (/token new) or a service token (arcflux tokens add).",
)


def same_secret(given: str | None, expected: SecretStr | None) -> bool:
    """True only if both exist and match, compared in constant time."""
    if not given or expected is None:
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def refusal() -> HTTPException:
    """The 401 every unauthenticated REST call gets."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "a valid bearer token is required",
        headers={"WWW-Authenticate": "Bearer"},
    )


def forbidden(reason: str) -> HTTPException:
    """The 403 a valid token gets for a door its scope or holder does not open."""
    return HTTPException(status.HTTP_403_FORBIDDEN, reason)
