import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import cli
from bot.settings import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_are_sqlite_polling_sandbox() -> None:
    settings = make()
    assert settings.database_url.startswith("sqlite")
    assert not settings.webhook_mode and settings.sandbox


def test_lists_come_from_comma_separated_environment_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPERATOR_CHAT_IDS", "11, 22")
    monkeypatch.setenv(
        "API_TOKENS", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    )
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.operator_chat_ids == (11, 22)
    assert [t.get_secret_value() for t in settings.api_tokens] == [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    ]


def test_openrouter_key_is_accepted_as_the_llm_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == "sk-or"


def test_webhook_mode_requires_a_secret() -> None:
    with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET"):
        make(telegram_webhook_url="https://x.example/telegram/webhook")


def test_bad_values_fail_at_start_up_with_the_setting_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPERATOR_CHAT_IDS", "alice")
    with pytest.raises(ValidationError, match="OPERATOR_CHAT_IDS"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="IANA"):
        make(timezone="Mars/Olympus")


def test_base_url_gets_the_bot_suffix_python_telegram_bot_expects() -> None:
    assert (
        make(telegram_base_url="http://localhost:8081").telegram_base_url
        == "http://localhost:8081/bot"
    )
    assert (
        make(telegram_base_url="http://localhost:8081/bot/").telegram_base_url
        == "http://localhost:8081/bot"
    )


def test_secrets_do_not_show_in_the_settings_repr() -> None:
    settings = make(
        telegram_bot_token="123:secret-token", api_tokens="tok-secret-long-enough-for-the-minimum"
    )
    assert "secret-token" not in repr(settings) and "tok-secret" not in repr(settings)


def test_a_malformed_bot_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationError, match="TELEGRAM_BOT_TOKEN must look like") as caught:
        make(telegram_bot_token="secret value with spaces")
    assert "secret value" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("OPERATOR_CHAT_IDS", "alice,bob", "OPERATOR_CHAT_IDS: Value error"),
        ("PORT", "eighty", "PORT: Input should be a valid integer"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE: Value error"),
        ("TELEGRAM_BOT_TOKEN", "oops-no-colon", "TELEGRAM_BOT_TOKEN: Value error"),
        ("TELEGRAM_WEBHOOK_URL", "https://x.example/hook", "TELEGRAM_WEBHOOK_SECRET is required"),
    ],
)
def test_the_command_stops_with_one_plain_line_naming_the_bad_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        cli._settings()
    message = str(stopped.value.code)
    assert message.startswith("arcflux: bad settings: ") and said in message
    assert "\n" not in message and "Traceback" not in message
    if name == "TELEGRAM_BOT_TOKEN":
        assert value not in message  # a secret, even a malformed one, is not echoed


def test_the_env_file_is_ignored_by_git() -> None:
    repo = Path(__file__).resolve().parents[2]
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=repo, check=False, capture_output=True
    )
    assert ignored.returncode == 0, ".env must be in .gitignore"


def test_a_short_api_token_is_refused_at_start_up_without_echoing_it() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters") as caught:
        make(api_tokens="short-secret")
    assert "short-secret" not in str(caught.value)
