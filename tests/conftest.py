"""Fixtures: a real SQLite-backed container with a frozen clock and a scripted rail."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.composition.container import Container, build_container
from bot.settings import Settings
from tests.fakes import FrozenClock, ScriptedRail, SequentialIds

API_TOKEN = "test-api-token-of-thirty-two-chars-or-more"
WEBHOOK_SECRET = "test-webhook-secret"
BOT_TOKEN = "100000001:test-token"
OPERATOR_ID = 7900  # a configured operator chat (reviews payments, raises limits)

# Property tests: "ci" (the default) is bounded and derandomized so the suite stays fast and
# repeatable; HYPOTHESIS_PROFILE=deep searches much longer when hunting bugs by hand.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
hypothesis_settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=_SLOW_OK
)
hypothesis_settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def rail() -> ScriptedRail:
    return ScriptedRail()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path / 'arcflux.db'}",
        telegram_bot_token=BOT_TOKEN,  # type: ignore[arg-type]
        telegram_webhook_url="https://example.invalid/telegram/webhook",
        telegram_webhook_secret=WEBHOOK_SECRET,  # type: ignore[arg-type]
        api_tokens=API_TOKEN,  # type: ignore[arg-type]
        operator_chat_ids=(OPERATOR_ID,),
        sandbox=True,  # play credits, though a token is set: the flows below need money
    )


@pytest.fixture
async def container(
    settings: Settings, clock: FrozenClock, rail: ScriptedRail
) -> AsyncIterator[Container]:
    built = await build_container(settings, clock=clock, ids=SequentialIds(), rail=rail)
    yield built
    await built.aclose()
