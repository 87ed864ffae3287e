"""A pure ASGI gate in front of /v1: no bearer token, no routing, no body parsing."""

from collections.abc import Iterable

from pydantic import SecretStr
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.api.auth import has_bearer, refusal


class V1NeedsAToken:
    """Refuses /v1/… without a valid bearer token before the app sees it.

    Pure ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs every
    request, the webhook's included, through an extra task group and stream pair, which cost
    more than the webhook's own work.
    """

    def __init__(self, app: ASGIApp, tokens: Iterable[SecretStr]) -> None:
        self._app = app
        self._tokens = tuple(tokens)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through except an unauthenticated /v1 request."""
        if self._refused(scope):
            # Before routing: a stranger learns nothing from a 405 or a 422.
            refused = refusal()
            response = JSONResponse(
                {"detail": refused.detail}, refused.status_code, headers=refused.headers
            )
            await response(scope, receive, send)
            return
        await self._app(scope, receive, send)

    def _refused(self, scope: Scope) -> bool:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            return False
        return not has_bearer(Headers(scope=scope).get("authorization"), self._tokens)
