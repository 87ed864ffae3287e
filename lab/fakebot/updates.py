"""Bot API methods that hand out updates: long-polled getUpdates and the webhook settings."""

import time
from typing import Any

from lab.fakebot.errors import ApiError, bad_request
from lab.fakebot.params import int_param
from lab.fakebot.state import JsonDict
from lab.fakebot.store import FakeTelegram

_WEBHOOK_ACTIVE = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)
MAX_POLL_SECONDS = 50  # Telegram caps the long-poll timeout too


async def get_updates(telegram: FakeTelegram, params: dict[str, Any]) -> list[JsonDict]:
    """getUpdates: confirm everything below offset, then wait up to timeout for news."""
    if telegram.pushes_updates:
        raise _WEBHOOK_ACTIVE
    if params.get("allowed_updates") is not None:
        telegram.state.webhook["allowed_updates"] = list(params["allowed_updates"])
    _confirm(telegram, int_param(params, "offset", 0))
    limit = max(1, min(100, int_param(params, "limit", 100)))
    deadline = time.monotonic() + min(MAX_POLL_SECONDS, max(0, int_param(params, "timeout", 0)))
    while True:
        ready = _allowed(telegram)
        remaining = deadline - time.monotonic()
        if ready or remaining <= 0 or telegram.closing:
            return ready[:limit]
        await telegram.wait_for_change(remaining)


async def set_webhook(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """setWebhook: from now on updates are POSTed to url; an empty url removes it."""
    url = str(params.get("url") or "")
    if not url:
        return await delete_webhook(telegram, params)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if params.get("drop_pending_updates") in (True, "true", "True"):
        telegram.state.pending_updates.clear()
    telegram.state.webhook = {
        "url": url,
        "secret_token": params.get("secret_token"),
        "allowed_updates": params.get("allowed_updates"),
        "max_connections": int_param(params, "max_connections", 40),
    }
    telegram.wake()  # the pusher starts on what is already pending
    return True


async def delete_webhook(telegram: FakeTelegram, params: dict[str, Any]) -> bool:
    """deleteWebhook: back to getUpdates, optionally dropping what is pending."""
    if params.get("drop_pending_updates") in (True, "true", "True"):
        telegram.state.pending_updates.clear()
    telegram.state.webhook = {}
    return True


async def get_webhook_info(telegram: FakeTelegram, params: dict[str, Any]) -> JsonDict:
    """getWebhookInfo: the URL (empty in polling mode) and how many updates wait."""
    webhook = telegram.state.webhook
    info: JsonDict = {
        "url": webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(telegram.state.pending_updates),
    }
    if webhook.get("url"):
        info["max_connections"] = webhook.get("max_connections", 40)
    if webhook.get("allowed_updates"):
        info["allowed_updates"] = webhook["allowed_updates"]
    return info


def _confirm(telegram: FakeTelegram, offset: int) -> None:
    """Forget updates the caller has seen: those below a positive offset, or all but -offset."""
    pending = telegram.state.pending_updates
    if offset > 0:
        kept = [update for update in pending if update["update_id"] >= offset]
    elif offset < 0:
        kept = pending[offset:]
    else:
        return
    if len(kept) != len(pending):
        telegram.state.pending_updates = kept
        telegram.dirty = True


def _allowed(telegram: FakeTelegram) -> list[JsonDict]:
    """Pending updates of the kinds the bot asked for (all kinds when it never said)."""
    kinds = telegram.state.webhook.get("allowed_updates") or []
    pending = telegram.state.pending_updates
    if not kinds:
        return list(pending)
    return [update for update in pending if _kind(update) in kinds]


def _kind(update: JsonDict) -> str:
    """The update's type: its one field besides update_id."""
    return next(name for name in update if name != "update_id")
