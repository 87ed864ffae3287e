"""The control door, /control/...: what tests and the soak use to play users and faults."""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lab.fakebot.faults import set_fault
from lab.fakebot.inject import inject_callback, inject_message
from lab.fakebot.store import FakeTelegram


def _telegram(request: Request) -> FakeTelegram:
    """The fake bot behind this app."""
    telegram: FakeTelegram = request.app.state.telegram
    return telegram


async def _body(request: Request) -> dict[str, Any]:
    """The JSON body; control calls are always JSON."""
    body: dict[str, Any] = await request.json()
    return body


async def health(request: Request) -> JSONResponse:
    """Liveness, polled by the client while the process starts."""
    return JSONResponse({"ok": True, "token": _telegram(request).token})


async def post_message(request: Request) -> JSONResponse:
    """A person writes to the bot."""
    body = await _body(request)
    if "user_id" not in body or "text" not in body:
        return JSONResponse({"error": "user_id and text are required"}, status_code=400)
    update = inject_message(_telegram(request), body)
    message = update["message"]
    return JSONResponse({"update_id": update["update_id"], "message_id": message["message_id"]})


async def post_callback(request: Request) -> JSONResponse:
    """A person taps a button under one of the bot's messages."""
    body = await _body(request)
    if not {"user_id", "message_id", "data"} <= body.keys():
        return JSONResponse({"error": "user_id, message_id and data are required"}, 400)
    update = inject_callback(_telegram(request), body)
    if update is None:
        return JSONResponse({"error": "no such message in that chat"}, status_code=404)
    query_id = update["callback_query"]["id"]
    return JSONResponse({"update_id": update["update_id"], "callback_query_id": query_id})


async def post_deliver_to(request: Request) -> JSONResponse:
    """Fleet mode: updates go to these URLs in turn, or to all when duplicating.

    With "retry", an update no URL answered with 2xx is sent again, to the next URL in turn.
    """
    body = await _body(request)
    telegram = _telegram(request)
    telegram.state.delivery = {
        "urls": [str(url) for url in body.get("urls") or []],
        "duplicate": bool(body.get("duplicate", False)),
        "retry": bool(body.get("retry", False)),
        "next": 0,
    }
    telegram.wake()
    return JSONResponse({"ok": True})


async def post_fault(request: Request) -> JSONResponse:
    """Switch a fault on, or every fault off with mode "ok"."""
    telegram = _telegram(request)
    try:
        set_fault(telegram.state, await _body(request))
    except (KeyError, ValueError) as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    telegram.dirty = True
    return JSONResponse({"ok": True, "faults": telegram.state.faults})


async def get_sent(request: Request) -> JSONResponse:
    """What the bot sent or edited, optionally in one chat."""
    chat_id = request.query_params.get("chat_id")
    sent = _telegram(request).state.sent
    if chat_id is not None:
        sent = [row for row in sent if row["chat_id"] == int(chat_id)]
    return JSONResponse(sent)


async def get_calls(request: Request) -> JSONResponse:
    """Every Bot API call with its HTTP status, optionally of one method (any case)."""
    method = request.query_params.get("method")
    calls = _telegram(request).state.calls
    if method is not None:
        calls = [row for row in calls if row["method"].lower() == method.lower()]
    return JSONResponse(calls)


async def get_commands(request: Request) -> JSONResponse:
    """The menu the last setMyCommands set (null when never set)."""
    return JSONResponse(_telegram(request).state.last_commands)


async def get_deliveries(request: Request) -> JSONResponse:
    """One row per webhook POST: update id, URL, HTTP status or connection error."""
    return JSONResponse(_telegram(request).state.deliveries)


async def get_pending(request: Request) -> JSONResponse:
    """Updates not yet delivered (to getUpdates or the webhook)."""
    return JSONResponse(_telegram(request).state.pending_updates)


CONTROL_ROUTES = [
    Route("/control/health", health),
    Route("/control/messages", post_message, methods=["POST"]),
    Route("/control/callbacks", post_callback, methods=["POST"]),
    Route("/control/deliver_to", post_deliver_to, methods=["POST"]),
    Route("/control/fault", post_fault, methods=["POST"]),
    Route("/control/sent", get_sent),
    Route("/control/calls", get_calls),
    Route("/control/commands", get_commands),
    Route("/control/deliveries", get_deliveries),
    Route("/control/pending", get_pending),
]
