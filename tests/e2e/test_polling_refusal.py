"""A polling process refuses to start while a webhook fleet is registered for the bot."""

import asyncio
import os
import sys
from pathlib import Path

from telegram import Bot

from lab.fakebot.client import FakeBotClient
from tests.fakebot import FAKE_BOT_TOKEN, fakebot_fixture, free_port  # noqa: F401

FLEET_URL = "https://fleet.example/telegram/webhook"


async def _run_polling(fakebot: FakeBotClient, tmp_path: Path) -> tuple[int, str]:
    """`arcflux run` in polling mode against the fake; its exit code and output."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'arcflux.db'}",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "TELEGRAM_BOT_TOKEN": FAKE_BOT_TOKEN,
        "TELEGRAM_BASE_URL": fakebot.base_url,
    }
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "OPERATOR_CHAT_IDS"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "run"),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_polling_exits_non_zero_and_leaves_the_fleets_webhook_in_place(
    fakebot: FakeBotClient, tmp_path: Path
) -> None:
    async with Bot(FAKE_BOT_TOKEN, base_url=fakebot.base_url) as fleet:
        await fleet.set_webhook(FLEET_URL, secret_token="fleet-secret")

    code, output = await _run_polling(fakebot, tmp_path)

    assert code != 0
    assert "a webhook is registered for this bot (at fleet.example)" in output
    assert "Set TELEGRAM_WEBHOOK_URL to join the fleet" in output
    assert await fakebot.calls("deleteWebhook") == []
    assert await fakebot.calls("getUpdates") == []
    async with Bot(FAKE_BOT_TOKEN, base_url=fakebot.base_url) as fleet:
        assert (await fleet.get_webhook_info()).url == FLEET_URL
