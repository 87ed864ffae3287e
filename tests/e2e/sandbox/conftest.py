"""The real service (`arcflux run`, no bot token) in a subprocess, driven through the sandbox."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

API_TOKEN = "sandbox-e2e-token-long-enough-for-the-minimum"
STARTUP_SECONDS = 30.0
REPLY_SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class SandboxClient:
    """Acts as a demo person on the sandbox page's API and waits for the bot's answers."""

    def __init__(self, base_url: str, log_path: Path | None = None) -> None:
        self.base_url = base_url
        self.log_path = log_path  # where the service's console output goes
        self.http = httpx.Client(base_url=base_url, timeout=REPLY_SECONDS + 5)

    def say(self, person: int, text: str, expect: str = "") -> list[dict[str, Any]]:
        """Type ``text`` as ``person``; bot messages since, once one starts with ``expect``."""
        sent = self.http.post(f"/sandbox/api/chats/{person}/messages", json={"text": text})
        sent.raise_for_status()
        return self._bot_changes(
            person,
            sent.json()["rev"],
            lambda m: (m["text"] or m["caption"] or "").startswith(expect),
        )

    def reply(self, person: int, text: str, expect: str) -> dict[str, Any]:
        """The bot message starting with ``expect`` that answers ``text``; others may interleave."""
        return next(
            m for m in self.say(person, text, expect) if (m["text"] or "").startswith(expect)
        )

    def tap(self, person: int, message: dict[str, Any], label: str) -> list[dict[str, Any]]:
        """Tap the button labelled ``label`` on ``message``; bot messages changed after."""
        data = next(
            b["callback_data"] for row in message["buttons"] for b in row if b["text"] == label
        )
        tapped = self.http.post(
            f"/sandbox/api/chats/{person}/taps",
            json={"message_id": message["message_id"], "data": data},
        )
        tapped.raise_for_status()
        # The toast lands first; the tap is answered once the message's text is edited.
        return self._bot_changes(
            person, message["rev"], lambda m: m["text"] is not None and m["text"] != message["text"]
        )

    def _bot_changes(
        self, person: int, after: int, done: Callable[[dict[str, Any]], bool] = lambda m: True
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + REPLY_SECONDS
        while time.monotonic() < deadline:
            got = self.http.get(f"/sandbox/api/chats/{person}", params={"after": after, "wait": 2})
            replies = [m for m in got.json()["messages"] if m["from_bot"]]
            if any(done(m) for m in replies):
                return replies
        raise AssertionError(f"the bot did not answer {person} within {REPLY_SECONDS}s")


@pytest.fixture(scope="package")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxClient]:
    """`arcflux run` with no TELEGRAM_BOT_TOKEN on a free port and a fresh SQLite file."""
    folder: Path = tmp_path_factory.mktemp("service")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'arcflux.db'}",
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "API_TOKENS": API_TOKEN,
        "TICK_SECONDS": "0.2",
    }
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "OPERATOR_CHAT_IDS"):
        env.pop(name, None)
    log = (folder / "service.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    client = SandboxClient(f"http://127.0.0.1:{port}", folder / "service.log")
    try:
        _wait_until_ready(client, process, folder / "service.log")
        yield client
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        client.http.close()
        log.close()


def _wait_until_ready(client: SandboxClient, process: subprocess.Popen[bytes], log: Path) -> None:
    """The API answers and the bot has registered its commands with the sandbox."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("the service exited:\n" + log.read_text())
        try:
            if client.http.get("/sandbox/api/commands").json():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the service did not start:\n" + log.read_text())


ALICE, BOB, CAROL, OPERATOR = 9001, 9002, 9003, 9900
