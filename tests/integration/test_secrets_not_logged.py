"""No secret reaches a log line: start-up, a webhook update, a REST call, and an error."""

import io
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot import redaction
from bot.api.app import create_app
from bot.composition.container import Container
from bot.settings import Settings
from bot.telegram.app import build_application
from core.conversation import messages
from lab.offline_telegram import OfflineTelegram, UpdateFactory
from tests.fakes import FrozenClock

BOT_TOKEN = "987654321:AAHsecretBotTokenValue_0123456789abcdef"
WEBHOOK_SECRET = "webhook-secret-value-42"
LLM_KEY = "sk-or-v1-secret-llm-key-value"
API_TOKEN = "api-token-secret-value-7-long-enough-to-pass"
SECRETS = (BOT_TOKEN, WEBHOOK_SECRET, LLM_KEY, API_TOKEN)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(BOT_TOKEN),
            "telegram_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "llm_api_key": SecretStr(LLM_KEY),
            "api_tokens": (SecretStr(API_TOKEN),),
        }
    )


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG and above through a root handler, with redaction installed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_every_secret_setting_is_known_to_the_filter(settings: Settings) -> None:
    assert set(redaction.secrets_of(settings)) == set(SECRETS)


def test_the_filter_masks_messages_arguments_exceptions_and_url_passwords() -> None:
    redact = redaction.Redact(SECRETS)
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{BOT_TOKEN}/getMe failed")
    except RuntimeError as error:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "key %s", (LLM_KEY,), None)
        record.exc_info = (type(error), error, error.__traceback__)
    redact.filter(record)
    text = logging.Formatter().format(record)
    assert LLM_KEY not in text and BOT_TOKEN not in text and text.count(redaction.MASK) == 2
    assert (
        redact.redact("postgresql://arc:hunter2@db/arc")
        == f"postgresql://arc:{redaction.MASK}@db/arc"
    )
    # A token nobody configured still has a bot token's shape.
    assert BOT_TOKEN.replace("9", "8") not in redact.redact(BOT_TOKEN.replace("9", "8"))


async def test_no_secret_is_logged_during_start_a_request_and_an_error(
    settings: Settings,
    container: Container,
    clock: FrozenClock,
    captured: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    redaction.install(redaction.secrets_of(settings))
    logging.getLogger("arcflux.test").info("settings loaded: %r", settings.model_dump())
    api = OfflineTelegram(clock)
    telegram = build_application(BOT_TOKEN, container, request=api, polling=False)
    await telegram.initialize()
    app = create_app(container, telegram=telegram)
    updates = UpdateFactory(clock)
    alice = updates.user(7001, "Alice", "alice")

    async def broken(*_: Any) -> None:
        # What a failing HTTP client says: the URL it called, with the token inside.
        raise ConnectionError(f"https://api.telegram.org/bot{BOT_TOKEN}/x key={LLM_KEY}")

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://arcflux.test") as http:
        secret = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        started = updates.message(alice, "/start")
        assert (await http.post("/telegram/webhook", json=started, headers=secret)).is_success
        rest = await http.get("/v1/gateways", headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert rest.status_code == 200
        monkeypatch.setattr(messages, "handle_text", broken)
        failing = updates.message(alice, "pay bob 5")
        assert (await http.post("/telegram/webhook", json=failing, headers=secret)).is_success
    await telegram.shutdown()

    logged = captured.getvalue()
    assert "unhandled error" in logged and "ConnectionError" in logged  # the error was logged
    assert redaction.MASK in logged
    for value in SECRETS:
        assert value not in logged


def test_the_filter_keeps_a_records_arguments_for_formatters_that_unpack_them() -> None:
    redact = redaction.Redact(SECRETS)
    args = ("127.0.0.1:5000", "GET", f"/hook?token={API_TOKEN}", "1.1", 200)
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, "%s %s %s %s %d", args, None
    )
    redact.filter(record)
    client, method, path, version, status = record.args  # type: ignore[misc]
    assert (client, method, version, status) == ("127.0.0.1:5000", "GET", "1.1", 200)
    assert path == f"/hook?token={redaction.MASK}"
    assert record.getMessage() == f"127.0.0.1:5000 GET /hook?token={redaction.MASK} 1.1 200"
