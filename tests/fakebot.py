"""The fake Telegram as a fixture, and a tiny webhook receiver to point it at.

Use it in a test module with `from tests.fakebot import fakebot_fixture  # noqa: F401` and ask
for `fakebot`: a FakeBotClient whose process runs on a free loopback port for that test.
"""

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from lab.fakebot.client import FakeBotClient

FAKE_BOT_TOKEN = "100000001:fake-bot-token"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(name="fakebot")
async def fakebot_fixture(tmp_path: Path) -> AsyncIterator[FakeBotClient]:
    """A running fake Telegram whose state file lives in the test's tmp_path."""
    client = FakeBotClient(free_port(), FAKE_BOT_TOKEN, state_path=tmp_path / "fakebot.json")
    await client.start()
    try:
        yield client
    finally:
        await client.aclose()


@dataclass
class WebhookHit:
    """One POST the receiver got: its headers (lower-cased names) and JSON body."""

    headers: dict[str, str]
    update: dict[str, Any]


@dataclass
class WebhookReceiver:
    """Answers every POST with a fixed status and keeps what it was sent."""

    url: str
    status: int = 200
    hits: list[WebhookHit] = field(default_factory=list)

    @property
    def update_ids(self) -> list[int]:
        """The ids of the updates received, in order."""
        return [hit.update["update_id"] for hit in self.hits]


@contextlib.asynccontextmanager
async def webhook_receiver(status: int = 200) -> AsyncIterator[WebhookReceiver]:
    """A one-request-per-connection HTTP server on a free loopback port."""
    port = free_port()
    receiver = WebhookReceiver(url=f"http://127.0.0.1:{port}/telegram/webhook", status=status)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
        headers = {name.lower(): value for name, value in headers.items()}
        body = await reader.readexactly(int(headers.get("content-length", 0)))
        receiver.hits.append(WebhookHit(headers, json.loads(body)))
        writer.write(
            f"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", port)
    try:
        yield receiver
    finally:
        server.close()
        await server.wait_closed()
