"""The sandbox is for one's own machine: never on the network by accident, never with a token."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot.sandbox.exposure import is_loopback, refusal
from bot.settings import Settings
from lab.offline_telegram import OfflineChat
from tests.conftest import BOT_TOKEN


def test_a_non_loopback_host_without_a_token_exits_with_the_reason(tmp_path: Path) -> None:
    env = {**os.environ, "HOST": "0.0.0.0", "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    for name in ("TELEGRAM_BOT_TOKEN", "SANDBOX_PUBLIC"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "refusing to serve the sandbox on HOST=0.0.0.0" in done.stderr
    assert "SANDBOX_PUBLIC=true" in done.stderr


@pytest.mark.parametrize(
    ("host", "token", "public", "refused"),
    [
        ("127.0.0.1", None, False, False),
        ("::1", None, False, False),
        ("localhost", None, False, False),
        ("0.0.0.0", None, False, True),
        ("example.org", None, False, True),
        ("0.0.0.0", None, True, False),
        ("0.0.0.0", BOT_TOKEN, False, False),
    ],
)
def test_who_may_listen_where(host: str, token: str | None, public: bool, refused: bool) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        host=host,
        telegram_bot_token=SecretStr(token) if token else None,
        sandbox_public=public,
    )
    assert (refusal(settings) is not None) == refused
    assert is_loopback("127.0.0.2") and not is_loopback("10.0.0.1")


def test_play_credits_default_off_with_a_real_token_and_on_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SANDBOX", raising=False)
    with_token = Settings(_env_file=None, telegram_bot_token=BOT_TOKEN)  # type: ignore[call-arg,arg-type]
    assert with_token.sandbox is False
    assert Settings(_env_file=None).sandbox is True  # type: ignore[call-arg]
    monkeypatch.setenv("SANDBOX", "true")
    assert Settings(_env_file=None, telegram_bot_token=BOT_TOKEN).sandbox is True  # type: ignore[call-arg,arg-type]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings as a real deployment has them: a token, SANDBOX not set."""
    fields = settings.model_dump(exclude={"sandbox"}, exclude_unset=True)
    return Settings(_env_file=None, **fields)  # type: ignore[call-arg]


async def test_with_a_token_there_is_no_sandbox_and_start_credits_nothing(
    http: httpx.AsyncClient, chat: OfflineChat, people: dict[str, dict[str, object]]
) -> None:
    assert (await http.get("/sandbox")).status_code == 404
    assert (await http.get("/sandbox/api/commands")).status_code == 404
    [welcome] = [c for c in await chat.say(people["alice"], "/start") if c.method == "sendMessage"]
    assert "1,000" not in str(welcome.params["text"])  # no play money for real people
    balance = [c for c in await chat.say(people["alice"], "/balance") if c.method == "sendMessage"]
    assert balance[0].params["text"] == "Balance: 0.00 USDC"
