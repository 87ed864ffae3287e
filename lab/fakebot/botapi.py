"""The Bot API door, /bot<TOKEN>/<method>: faults first, then the token, then the method."""

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from lab.fakebot.errors import METHOD_NOT_FOUND, UNAUTHORIZED, ApiError
from lab.fakebot.faults import Outage, fault_for
from lab.fakebot.methods import METHODS
from lab.fakebot.params import chat_id_of, loggable, read_params
from lab.fakebot.store import FakeTelegram


async def bot_api(request: Request) -> Response:
    """Answer one Bot API call and record it, whatever the outcome."""
    telegram: FakeTelegram = request.app.state.telegram
    method = request.path_params["method"]
    try:
        params = await read_params(request)
        status, result = await _answer(telegram, request.path_params["token"], method, params)
    except ApiError as refusal:
        params, status, result = {}, refusal.status, refusal
    _record(telegram, method, params, status)
    if isinstance(result, Outage):
        return PlainTextResponse(result.text, status_code=result.status, media_type="text/html")
    if isinstance(result, ApiError):
        return JSONResponse(result.body(), status_code=result.status)
    return JSONResponse({"ok": True, "result": result})


async def _answer(
    telegram: FakeTelegram, token: str, method: str, params: dict[str, Any]
) -> tuple[int, Any]:
    """The HTTP status and the result, refusal or outage for one call."""
    fault = fault_for(telegram.state, method, chat_id_of(params))
    if fault is not None:
        return fault.status, fault
    if token != telegram.token:
        return UNAUTHORIZED.status, UNAUTHORIZED
    handler = METHODS.get(method.lower())
    if handler is None:
        return METHOD_NOT_FOUND.status, METHOD_NOT_FOUND
    try:
        return 200, await handler(telegram, params)
    except ApiError as refusal:
        return refusal.status, refusal


def _record(telegram: FakeTelegram, method: str, params: dict[str, Any], status: int) -> None:
    """Add the call to the log the control API serves."""
    telegram.dirty = True
    telegram.state.calls.append(
        {
            "method": method,
            "chat_id": chat_id_of(params),
            "params": loggable(params),
            "status": status,
            "time": time.time(),
        }
    )
