"""Settings from environment variables (and .env), named as DESIGN.md §5 lists them."""

import re
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/arcflux.db"
TELEGRAM_API = "https://api.telegram.org/bot"
MIN_API_TOKEN = 32  # characters in each API_TOKENS entry
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


class Settings(BaseSettings):
    """Everything ArcFlux reads from its environment."""

    # hide_input_in_errors: a malformed secret must not be printed back in the error.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, hide_input_in_errors=True
    )

    database_url: str = DEFAULT_DATABASE_URL
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = TELEGRAM_API
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    operator_chat_ids: Annotated[tuple[int, ...], NoDecode] = ()
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("LLM_API_KEY", "OPENROUTER_API_KEY")
    )
    llm_model: str | None = None
    transcription_model: str | None = None  # e.g. whisper-1; enables voice notes
    api_tokens: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    timezone: str = "UTC"

    sandbox: bool = True  # play credits; with a bot token it defaults to false (see below)
    sandbox_credit: Decimal = Decimal(1000)
    sandbox_public: bool = False  # serve the tokenless sandbox on a non-loopback HOST on purpose
    default_asset: str = "USDC"
    per_payment_cap: Decimal = Decimal(10_000)
    per_day_cap: Decimal = Field(default=Decimal(20_000), gt=0)  # default daily limit per user
    per_recipient_day_cap: Decimal = Field(default=Decimal(10_000), gt=0)
    guardian_rules_path: str | None = None  # a JSON rule set replacing the packaged default
    payee_allow_list: Annotated[tuple[str, ...], NoDecode] = ()  # @usernames or Telegram ids
    payee_deny_list: Annotated[tuple[str, ...], NoDecode] = ()
    llm_timeout_seconds: float = Field(default=4.0, gt=0)
    confirm_ttl_minutes: int = Field(default=15, ge=1)
    review_ttl_hours: int = Field(default=24, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    tick_seconds: float = Field(default=1.0, gt=0)
    simulation_seed: int | None = None  # fixes the simulated gateways' dice (demo, tests)
    simulate_latency: bool = False  # make simulated gateways really take their latency
    routing_cycle_seconds: float = Field(default=10.0, gt=0)  # the routing agent's period
    traffic_tps: float = Field(default=0.0, ge=0, le=500)  # simulated payments/s; 0 = off
    metrics_retention_hours: int = Field(default=168, ge=1)
    misfire_grace_minutes: int = Field(default=60, ge=0)  # later than this, a run is missed
    run_lease_seconds: int = Field(default=120, ge=1)  # executing longer: presumed crashed
    tick_batch: int = Field(default=100, ge=1, le=2000)
    gateway_log: str | None = None  # append every first gateway attempt here (soak audits)

    @field_validator("operator_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
            except ValueError:
                raise ValueError("OPERATOR_CHAT_IDS must be comma-separated integers") from None
        return value

    @field_validator("api_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("api_tokens")
    @classmethod
    def _long_tokens(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        # Each entry is an all-powerful ops token: a short one can be guessed.
        if any(len(t.get_secret_value()) < MIN_API_TOKEN for t in value):
            raise ValueError(
                f"each API_TOKENS entry must be at least {MIN_API_TOKEN} characters"
                " (e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`),"
                " or use `arcflux tokens add NAME --scope ops`"
            )
        return value

    @field_validator("payee_allow_list", "payee_deny_list", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p.strip().removeprefix("@").lower() for p in value.split(",") if p.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"TIMEZONE {value!r} is not an IANA timezone") from None
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # "<bot id>:<secret>", as BotFather issues them; a typo otherwise fails much later,
        # inside python-telegram-bot, far from the setting that caused it.
        if value is not None and not _TOKEN_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError("TELEGRAM_BOT_TOKEN must look like 123456789:AA... (from BotFather)")
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_suffix(cls, value: str) -> str:
        # python-telegram-bot appends the token straight after this URL.
        value = value.rstrip("/")
        return value if value.endswith("/bot") else f"{value}/bot"

    @model_validator(mode="after")
    def _no_play_money_for_real_people(self) -> "Settings":
        # With a real bot token, people are real: credits only when SANDBOX is set explicitly.
        if self.telegram_bot_token is not None and "sandbox" not in self.model_fields_set:
            self.sandbox = False
        return self

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> "Settings":
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set")
        return self

    @property
    def webhook_mode(self) -> bool:
        """True when Telegram pushes updates to our webhook."""
        return bool(self.telegram_webhook_url)
