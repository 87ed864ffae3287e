"""Keeps secrets out of logs: a filter on every handler masks known values and token shapes."""

import logging
import re
from collections.abc import Iterable, Mapping

from bot.settings import Settings

MASK = "[redacted]"
# Shapes that are secret whoever's they are: a Telegram bot token, a password inside a URL.
_BOT_TOKEN = re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{30,}")
_URL_PASSWORD = re.compile(r"(?<=://)([^:/@\s]+):[^@\s]+@")


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """Every secret value in ``settings`` (tokens, keys, the webhook secret)."""
    values = [settings.telegram_bot_token, settings.telegram_webhook_secret, settings.llm_api_key]
    values += settings.api_tokens
    return tuple(v.get_secret_value() for v in values if v is not None)


class Redact(logging.Filter):
    """Rewrites each record's message, exception and stack text with secrets masked."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is masked whole; very short values
        # would mask ordinary words and are not worth it as secrets anyway.
        self._secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every known secret and secret-shaped string masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _BOT_TOKEN.sub(MASK, text)
        return _URL_PASSWORD.sub(rf"\1:{MASK}@", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask in place, keeping the arguments' shape: formatters (uvicorn's) unpack them."""
        if isinstance(record.msg, str):
            record.msg = self.redact(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: self._masked(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(self._masked(value) for value in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def _masked(self, value: object) -> object:
        """The value itself unless its text holds a secret; then that text, masked."""
        if isinstance(value, int | float | bool) or value is None:
            return value  # numbers stay numbers: "%d" still formats them
        text = value if isinstance(value, str) else str(value)
        masked = self.redact(text)
        return value if masked == text else masked


def install(secrets: Iterable[str]) -> Redact:
    """Put one Redact filter on every handler there is now (root's and named loggers')."""
    redact = Redact(secrets)
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, Redact) for f in handler.filters):
                handler.addFilter(redact)
    return redact
