"""FakeBotClient: start, stop and drive a fake Telegram process from tests and the soak."""

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal, TypedDict, TypeVar

import httpx

Rows = TypeVar("Rows")
FaultMode = Literal["ok", "down", "429", "403", "5xx", "missing"]


class SentRecord(TypedDict):
    """A message the bot sent or edited."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    caption: str | None
    reply_markup: dict[str, Any] | None
    photo_size: int | None
    time: float


class CallRecord(TypedDict):
    """One Bot API call and the HTTP status it got."""

    method: str
    chat_id: int | None
    params: dict[str, Any]
    status: int
    time: float


class Delivery(TypedDict):
    """One webhook POST: the status the receiver answered, or why it could not be reached."""

    update_id: int
    url: str
    status: int | None
    error: str | None
    time: float


class FakeBotClient:
    """The control API over HTTP, plus the process that serves it on a fixed port."""

    def __init__(
        self,
        port: int,
        token: str = "100000001:fake-bot-token",
        state_path: Path | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.port, self.token, self.state_path, self.host = port, token, state_path, host
        self.root = f"http://{host}:{port}"
        self._http = httpx.AsyncClient(base_url=self.root, timeout=10.0)
        self._process: asyncio.subprocess.Process | None = None

    @property
    def base_url(self) -> str:
        """What python-telegram-bot takes as base_url (it appends the token)."""
        return f"{self.root}/bot"

    async def start(self, ready_within: float = 10.0) -> None:
        """Spawn `python -m lab.fakebot` on this port and wait until it answers."""
        command = [sys.executable, "-m", "lab.fakebot", "--port", str(self.port)]
        command += ["--host", self.host, "--token", self.token]
        if self.state_path is not None:
            command += ["--state", str(self.state_path)]
        self._process = await asyncio.create_subprocess_exec(*command)
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self._process.returncode is not None:
                raise RuntimeError(f"fake Telegram exited with {self._process.returncode}")
            try:
                await self._http.get("/control/health")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        raise TimeoutError(f"fake Telegram did not answer on {self.root}")

    async def stop(self) -> None:
        """End the process (its state is saved on the way out); the port then refuses."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def aclose(self) -> None:
        """Stop the process if this client started it, and close the HTTP client."""
        await self.stop()
        await self._http.aclose()

    async def inject_message(
        self, user_id: int, text: str, first_name: str = "", username: str | None = None
    ) -> int:
        """A person writes to the bot in private; returns the update id."""
        body = {"user_id": user_id, "text": text, "first_name": first_name, "username": username}
        reply = await self._post("/control/messages", body)
        return int(reply["update_id"])

    async def inject_callback(self, user_id: int, message_id: int, data: str) -> int:
        """A person taps a button of one of the bot's messages; returns the update id."""
        body = {"user_id": user_id, "message_id": message_id, "data": data}
        reply = await self._post("/control/callbacks", body)
        return int(reply["update_id"])

    async def deliver_to(
        self, urls: list[str], duplicate: bool = False, retry: bool = False
    ) -> None:
        """Fleet mode: updates go to these URLs in turn, or to every one when duplicating.

        ``retry``: an update no URL took (connection refused, 5xx) is sent again to the next.
        """
        body = {"urls": urls, "duplicate": duplicate, "retry": retry}
        await self._post("/control/deliver_to", body)

    async def fault(
        self,
        mode: FaultMode,
        methods: list[str] | None = None,
        chat_ids: list[int] | None = None,
        retry_after: int = 1,
        times: int | None = None,
    ) -> None:
        """Switch a fault on for some methods and chats (all when left out); "ok" clears all."""
        body = {"mode": mode, "methods": methods, "chat_ids": chat_ids}
        await self._post("/control/fault", body | {"retry_after": retry_after, "times": times})

    async def sent(self, chat_id: int | None = None) -> list[SentRecord]:
        """What the bot sent or edited, in order."""
        params = {} if chat_id is None else {"chat_id": chat_id}
        rows: list[SentRecord] = await self._get("/control/sent", params)
        return rows

    async def calls(self, method: str | None = None) -> list[CallRecord]:
        """Every Bot API call, in order, optionally of one method."""
        params = {} if method is None else {"method": method}
        rows: list[CallRecord] = await self._get("/control/calls", params)
        return rows

    async def commands(self) -> list[dict[str, str]] | None:
        """The menu of the last setMyCommands, None when never set."""
        menu: list[dict[str, str]] | None = await self._get("/control/commands")
        return menu

    async def deliveries(self) -> list[Delivery]:
        """Every webhook POST so far."""
        rows: list[Delivery] = await self._get("/control/deliveries")
        return rows

    async def wait_for_deliveries(self, count: int, within: float = 5.0) -> list[Delivery]:
        """Wait until at least count webhook POSTs were made."""
        return await _poll(self.deliveries, lambda rows: len(rows) >= count, within)

    async def wait_for_sent(
        self, chat_id: int, count: int = 1, within: float = 5.0
    ) -> list[SentRecord]:
        """Wait until the bot sent at least count messages into a chat."""
        return await _poll(lambda: self.sent(chat_id), lambda rows: len(rows) >= count, within)

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET a control resource as JSON."""
        reply = await self._http.get(path, params=params)
        reply.raise_for_status()
        return reply.json()

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        """POST JSON to a control resource."""
        reply = await self._http.post(path, json=body)
        reply.raise_for_status()
        return reply.json()


async def _poll(
    fetch: Callable[[], Awaitable[Rows]], done: Callable[[Rows], bool], within: float
) -> Rows:
    """Fetch until done(rows) holds; the last rows go into the timeout message."""
    deadline = time.monotonic() + within
    while True:
        rows = await fetch()
        if done(rows):
            return rows
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting after {within} s; have {rows!r}")
        await asyncio.sleep(0.02)
