"""The service stays up while Telegram is unreachable, and serves the bot once it appears."""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lab.fakebot.client import FakeBotClient
from tests.fakebot import FAKE_BOT_TOKEN, free_port

ALICE = 4242


@pytest.fixture
def telegram_port() -> int:
    return free_port()


@pytest.fixture
def service(tmp_path: Path, telegram_port: int) -> Iterator[tuple[str, Path]]:
    """`arcflux run` with a bot token whose Bot API address nothing listens on yet."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'arcflux.db'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "TELEGRAM_BOT_TOKEN": FAKE_BOT_TOKEN,
        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{telegram_port}/bot",
        "TICK_SECONDS": "0.5",
    }
    for name in ("TELEGRAM_WEBHOOK_URL", "OPERATOR_CHAT_IDS", "API_TOKENS"):
        env.pop(name, None)
    log = tmp_path / "service.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], env=env, stdout=out, stderr=out, cwd=tmp_path
        )
        try:
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(15)


async def _get(url: str) -> httpx.Response | None:
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            return await client.get(url)
    except httpx.TransportError:
        return None


async def _wait_for(url: str, status: int, within: float) -> httpx.Response:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        response = await _get(url)
        if response is not None and response.status_code == status:
            return response
        await asyncio.sleep(0.2)
    raise AssertionError(f"{url} did not answer {status} within {within} s")


async def test_up_without_telegram_then_serving_the_bot_once_it_appears_even_without_a_menu(
    service: tuple[str, Path], telegram_port: int, tmp_path: Path
) -> None:
    base, log = service
    fake = FakeBotClient(telegram_port, FAKE_BOT_TOKEN, state_path=tmp_path / "fake.json")
    try:
        # An emulator without setMyCommands: set before it first serves the bot.
        await fake.start()
        await fake.fault("missing", methods=["setMyCommands"])
        await fake.stop()

        await _wait_for(f"{base}/healthz", 200, within=30)
        not_ready = await _wait_for(f"{base}/readyz", 503, within=5)
        assert not_ready.json()["database"] == "ok"
        assert not_ready.json()["telegram"].startswith("unreachable")

        await fake.start()
        await fake.inject_message(ALICE, "/start", first_name="Alice", username="alice")
        [welcome] = await fake.wait_for_sent(ALICE, within=60)
        assert "Welcome, Alice" in (welcome["text"] or "")
        await _wait_for(f"{base}/readyz", 200, within=15)
    finally:
        await fake.aclose()
    text = log.read_text()
    assert "Application startup failed" not in text
    assert "Traceback (most recent call last)" not in text
    assert "no setMyCommands" in text  # the menu is best-effort, and said so
