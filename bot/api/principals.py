"""A bearer token to the Principal it stands for: a stored token's hash, or an API_TOKENS entry."""

from pydantic import SecretStr

from bot.api.auth import same_secret
from bot.services import Services
from core.principal import Principal
from core.tokens.use_cases import resolve

# Each API_TOKENS entry is an ops service token of this name (the compatibility path).
SETTINGS_TOKEN = Principal("service_token", "API_TOKENS", "ops")


def bearer_of(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer …`` header value, if that is what it is."""
    scheme, _, given = (header or "").partition(" ")
    token = given.strip()
    return token if scheme.lower() == "bearer" and token else None


def _configured(given: str, tokens: tuple[SecretStr, ...]) -> bool:
    # Every entry is compared, so the time taken does not say which one matched.
    return sum(same_secret(given, token) for token in tokens) > 0


async def principal_for(services: Services, header: str | None) -> Principal | None:
    """Who the request acts as; None for no token, an unknown one or a revoked one."""
    given = bearer_of(header)
    if given is None:
        return None
    if _configured(given, services.settings.api_tokens):
        return SETTINGS_TOKEN
    return await resolve(services.tokens, services.deps.clock, given)
