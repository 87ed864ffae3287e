"""Reading a webhook body defensively: bounded in size, and only a JSON object becomes an Update."""

import json
from typing import Any

from fastapi import Request
from telegram import Bot, Update

MAX_WEBHOOK_BODY = 1_000_000  # bytes; Telegram updates are far smaller


class TooLarge(Exception):
    """The body is over MAX_WEBHOOK_BODY."""


async def bounded_body(request: Request, limit: int = MAX_WEBHOOK_BODY) -> bytes:
    """The body, read chunk by chunk; raise TooLarge as soon as it passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():  # not request.body(): that buffers everything first
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def parse_update(body: bytes, bot: Bot) -> Update | None:
    """The Update in ``body``, or None when it is not a JSON object with an integer update_id."""
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, bot)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # an object of the right shape but with the wrong types inside
