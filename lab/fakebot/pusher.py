"""Webhook mode: POST each pending update to the webhook, or across a fleet of URLs."""

import asyncio
import time

import httpx

from lab.fakebot.state import JsonDict
from lab.fakebot.store import FakeTelegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_PAUSE_S = 0.2


class WebhookPusher:
    """Delivers pending updates one at a time, in order, recording every POST's status."""

    def __init__(self, telegram: FakeTelegram, timeout: float = 10.0) -> None:
        self.telegram = telegram
        self._http = httpx.AsyncClient(timeout=timeout)

    async def run(self) -> None:
        """Deliver until the server closes."""
        while not self.telegram.closing:
            update = self._next_update()
            if update is None:
                await self.telegram.wait_for_change(within=1.0)
                continue
            answered = await asyncio.gather(*(self._post(url, update) for url in self._targets()))
            if self.telegram.state.delivery.get("retry") and not any(answered):
                # As Telegram does: an update nobody took is sent again (to the next URL in turn).
                self.telegram.state.pending_updates.insert(0, update)
                await asyncio.sleep(RETRY_PAUSE_S)

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    def _next_update(self) -> JsonDict | None:
        """Take the oldest pending update while in webhook mode."""
        pending = self.telegram.state.pending_updates
        if not self.telegram.pushes_updates or not pending:
            return None
        self.telegram.dirty = True
        return pending.pop(0)

    def _targets(self) -> list[str]:
        """Fleet URLs in turn (or all of them when duplicating), else the webhook URL."""
        delivery = self.telegram.state.delivery
        urls: list[str] = delivery.get("urls") or []
        if not urls:
            return [self.telegram.state.webhook["url"]]
        if delivery.get("duplicate"):
            return list(urls)
        turn = delivery.get("next", 0)
        delivery["next"] = turn + 1
        return [urls[turn % len(urls)]]

    async def _post(self, url: str, update: JsonDict) -> bool:
        """One POST, as Telegram sends it, logged; True when the receiver took it (2xx)."""
        headers = {}
        secret = self.telegram.state.webhook.get("secret_token")
        if secret:
            headers[SECRET_HEADER] = secret
        record: JsonDict = {"update_id": update["update_id"], "url": url, "time": time.time()}
        try:
            reply = await self._http.post(url, json=update, headers=headers)
            record.update(status=reply.status_code, error=None)
        except httpx.HTTPError as error:
            record.update(status=None, error=f"{type(error).__name__}: {error}")
        self.telegram.state.deliveries.append(record)
        self.telegram.dirty = True
        return record["status"] is not None and 200 <= record["status"] < 300
