"""A local Telegram Bot API: the methods ArcFlux uses, at /sandbox-api/bot<token>/<method>."""

import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from bot.sandbox.faults import FaultAnswer, TelegramFaults
from bot.sandbox.store import BOT_USER, SandboxStore

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_POLL_SECONDS = 50.0

Params = dict[str, Any]
Method = Callable[[SandboxStore, Params], Awaitable[Any]]


class BotApiError(Exception):
    """A Bot API error reply (``ok: false``) with Telegram's code and description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


async def read_params(request: Request) -> Params:
    """Parameters as PTB sends them: form or multipart (values JSON-encoded), or a JSON body."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json"):
        body = await request.body()
        parsed = json.loads(body) if body else {}
        return dict(parsed) if isinstance(parsed, dict) else {}
    params: Params = dict(request.query_params)
    if kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        for key, value in form.multi_items():
            params[key] = await value.read() if isinstance(value, UploadFile) else value
    return params


def _json(value: Any) -> Any:
    """Form values that carry objects arrive as JSON text."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def _int(params: Params, name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, TypeError, ValueError):
        raise BotApiError(400, f"Bad Request: {name} is required") from None


def _person_chat(store: SandboxStore, params: Params) -> int:
    chat_id = _int(params, "chat_id")
    if store.person(chat_id) is None:
        raise BotApiError(400, "Bad Request: chat not found")
    return chat_id


def _sender(store: SandboxStore, chat_id: int) -> dict[str, Any]:
    person = store.person(chat_id)
    assert person is not None
    return person.as_telegram()


async def get_me(store: SandboxStore, params: Params) -> Any:
    return BOT_USER


async def get_updates(store: SandboxStore, params: Params) -> Any:
    offset = int(params.get("offset") or 0)
    limit = min(int(params.get("limit") or 100), 100)
    timeout = min(float(params.get("timeout") or 0), MAX_POLL_SECONDS)
    return await store.updates(offset, limit, timeout)


async def send_message(store: SandboxStore, params: Params) -> Any:
    chat_id = _person_chat(store, params)
    text = str(params.get("text") or "")
    if not text or len(text) > MAX_TEXT:
        raise BotApiError(400, "Bad Request: message text is empty or too long")
    markup = _json(params.get("reply_markup"))
    message = await store.bot_says(chat_id, text=text, reply_markup=markup)
    return message.as_telegram(_sender(store, chat_id))


async def send_photo(store: SandboxStore, params: Params) -> Any:
    chat_id = _person_chat(store, params)
    photo = params.get("photo")
    if isinstance(photo, str) and photo.startswith("attach://"):
        photo = params.get(photo.removeprefix("attach://"))
    if isinstance(photo, bytes):
        photo_id = "ph" + hashlib.sha256(photo).hexdigest()[:20]
        store.photos[photo_id] = photo
    elif isinstance(photo, str) and photo in store.photos:
        photo_id = photo
    else:
        raise BotApiError(400, "Bad Request: photo is missing")
    caption = params.get("caption")
    if caption is not None and len(str(caption)) > MAX_CAPTION:
        raise BotApiError(400, "Bad Request: message caption is too long")
    message = await store.bot_says(
        chat_id,
        photo_id=photo_id,
        caption=caption,
        reply_markup=_json(params.get("reply_markup")),
    )
    return message.as_telegram(_sender(store, chat_id))


async def edit_text(store: SandboxStore, params: Params) -> Any:
    chat_id = _person_chat(store, params)
    text = str(params.get("text") or "")
    if not text or len(text) > MAX_TEXT:
        raise BotApiError(400, "Bad Request: message text is empty or too long")
    fields: Params = {"text": text, "reply_markup": _json(params.get("reply_markup"))}
    return await _edit(store, chat_id, _int(params, "message_id"), fields)


async def edit_markup(store: SandboxStore, params: Params) -> Any:
    chat_id = _person_chat(store, params)
    fields = {"reply_markup": _json(params.get("reply_markup"))}
    return await _edit(store, chat_id, _int(params, "message_id"), fields)


async def _edit(store: SandboxStore, chat_id: int, message_id: int, fields: Params) -> Any:
    try:
        message = await store.bot_edits(chat_id, message_id, **fields)
    except LookupError:
        raise BotApiError(400, "Bad Request: message to edit not found") from None
    return message.as_telegram(_sender(store, chat_id))


async def answer_callback(store: SandboxStore, params: Params) -> Any:
    await store.toast(str(params.get("callback_query_id") or ""), params.get("text"))
    return True


async def set_commands(store: SandboxStore, params: Params) -> Any:
    scope = _json(params.get("scope")) or {"type": "default"}
    key = str(scope.get("chat_id", scope.get("type", "default")))
    store.commands[key] = list(_json(params.get("commands")) or [])
    return True


async def set_webhook(store: SandboxStore, params: Params) -> Any:
    store.webhook_url = str(params.get("url") or "")
    return True


async def delete_webhook(store: SandboxStore, params: Params) -> Any:
    store.webhook_url = ""
    return True


async def get_webhook_info(store: SandboxStore, params: Params) -> Any:
    """getWebhookInfo: polling asks it before it starts (it refuses while a webhook is set)."""
    return {"url": store.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}


async def nothing(store: SandboxStore, params: Params) -> Any:
    return True


METHODS: dict[str, Method] = {
    "getme": get_me,
    "getupdates": get_updates,
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "editmessagetext": edit_text,
    "editmessagereplymarkup": edit_markup,
    "answercallbackquery": answer_callback,
    "sendchataction": nothing,
    "setmycommands": set_commands,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "close": nothing,
    "logout": nothing,
}


def bot_api_router(
    store: SandboxStore, token: str, faults: TelegramFaults | None = None
) -> APIRouter:
    """Routes answering Bot API calls made with ``token`` (failing as ``faults`` says)."""
    router = APIRouter(include_in_schema=False)
    faults = faults or TelegramFaults()

    @router.api_route("/sandbox-api/bot{given}/{method}", methods=["GET", "POST"])
    async def call(given: str, method: str, request: Request) -> JSONResponse:
        if not hmac.compare_digest(given.encode(), token.encode()):
            return _error(BotApiError(401, "Unauthorized"))
        handler = METHODS.get(method.lower())  # Telegram's method names are case-insensitive
        if handler is None:
            return _error(BotApiError(404, "Not Found: method not found"))
        try:
            params = await read_params(request)
            fault = faults.answer(_chat_of(params))
            if fault is not None:
                return _fault(fault)
            result = await handler(store, params)
        except BotApiError as error:
            return _error(error)
        except (ValueError, TypeError):
            return _error(BotApiError(400, "Bad Request: malformed parameters"))
        return JSONResponse({"ok": True, "result": result})

    return router


def _chat_of(params: Params) -> int | None:
    """The chat a call is about (sendMessage, edits...), or None (getUpdates, getMe...)."""
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def _fault(fault: FaultAnswer) -> JSONResponse:
    return _error(BotApiError(fault.code, fault.description, fault.retry_after))


def _error(error: BotApiError) -> JSONResponse:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.code,
        "description": error.description,
    }
    if error.retry_after is not None:  # how Telegram tells a client to slow down
        body["parameters"] = {"retry_after": error.retry_after}
    return JSONResponse(body, status_code=error.code)
