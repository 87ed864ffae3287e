"""A pure ASGI gate in front of /v1: no valid bearer token, no routing, no body parsing."""

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.api.auth import refusal
from bot.api.principals import principal_for
from bot.services import Services

PRINCIPAL = "principal"  # the key the gate leaves the resolved Principal under in scope["state"]


class V1NeedsAToken:
    """Resolves the bearer token of every /v1/… request, once, and refuses it when unknown.

    Pure ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs every
    request, the webhook's included, through an extra task group and stream pair, which cost
    more than the webhook's own work.
    """

    def __init__(self, app: ASGIApp, services: Services) -> None:
        self._app = app
        self._services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through except an unauthenticated /v1 request."""
        if scope["type"] == "http" and scope["path"].startswith("/v1/"):
            header = _authorization(scope)
            principal = await principal_for(self._services, header)
            if principal is None:
                # Before routing: a stranger learns nothing from a 405 or a 422.
                refused = refusal()
                response = JSONResponse(
                    {"detail": refused.detail}, refused.status_code, headers=refused.headers
                )
                await response(scope, receive, send)
                return
            scope.setdefault("state", {})[PRINCIPAL] = principal
        await self._app(scope, receive, send)


def _authorization(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            return bytes(value).decode("latin-1")
    return None
