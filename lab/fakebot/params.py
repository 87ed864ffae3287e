"""Bot API parameters from any body Telegram accepts: query string, JSON, form, multipart."""

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from lab.fakebot.errors import bad_request

# Form and multipart bodies carry objects and arrays as JSON text (python-telegram-bot does so).
_JSON_FIELDS = {
    "reply_markup",
    "commands",
    "scope",
    "allowed_updates",
    "entities",
    "link_preview_options",
}


async def read_params(request: Request) -> dict[str, Any]:
    """Merge the query string and the body into one dict of decoded values."""
    params: dict[str, Any] = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        body = await request.body()
        try:
            params.update(json.loads(body) if body else {})
        except ValueError as error:
            raise bad_request("can't parse JSON object") from error
    elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        params.update(form.multi_items())
    return {name: _decoded(name, value) for name, value in params.items()}


def _decoded(name: str, value: Any) -> Any:
    """Decode a JSON-text field; leave strings, numbers and uploads as they are."""
    if name in _JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as error:
            raise bad_request(f"can't parse {name} JSON object") from error
    return value


def int_param(params: dict[str, Any], name: str, default: int | None = None) -> int:
    """An integer parameter; Telegram answers 400 when it is missing or not a number."""
    value = params.get(name, default)
    if value is None:
        raise bad_request(f"{name} is empty")
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise bad_request(f"invalid {name} specified") from error


def chat_id_of(params: dict[str, Any]) -> int | None:
    """The target chat of a call, when it names one (faults may be limited to chats)."""
    value = params.get("chat_id")
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


async def upload_size(params: dict[str, Any], name: str) -> int | None:
    """The byte size of an uploaded file, or None when the field is a file id or URL."""
    value = params.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value.removeprefix("attach://"))
    if isinstance(value, UploadFile):
        return len(await value.read())
    return None


def loggable(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters fit for the call log: uploads become their file names."""
    return {
        name: f"<file {value.filename}>" if isinstance(value, UploadFile) else value
        for name, value in params.items()
    }
