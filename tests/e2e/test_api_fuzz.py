"""REST fuzzed from its own OpenAPI schema: no 5xx, responses as documented, auth enforced."""

import tempfile
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, get_args

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.python import asgi

from bot.api.app import create_app
from bot.api.routes.charts import ChartName
from bot.charts.service import KINDS
from bot.composition.container import build_container
from bot.settings import Settings
from bot.telegram.app import build_application
from lab.offline_telegram import OfflineChat, OfflineTelegram, UpdateFactory
from tests.conftest import API_TOKEN, BOT_TOKEN, OPERATOR_ID, WEBHOOK_SECRET
from tests.e2e.conftest import API_HEADERS
from tests.fakes import FrozenClock, ScriptedRail, SequentialIds

USERS = ((7001, "Alice", "alice"), (7002, "Bob", "bobby"))


class Product:
    """The whole app as one ASGI callable, built on lifespan start inside the caller's loop.

    schemathesis drives ASGI apps from its own event-loop thread; building the container
    there keeps every database connection on the loop that uses it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.app: Any = None
        self._stack = AsyncExitStack()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self._stack.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _start(self) -> None:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{self.folder / 'fuzz.db'}",
            telegram_bot_token=BOT_TOKEN,  # type: ignore[arg-type]
            telegram_webhook_url="https://example.invalid/telegram/webhook",
            telegram_webhook_secret=WEBHOOK_SECRET,  # type: ignore[arg-type]
            api_tokens=API_TOKEN,  # type: ignore[arg-type]
            operator_chat_ids=(OPERATOR_ID,),
        )
        clock = FrozenClock()
        container = await build_container(
            settings, clock=clock, ids=SequentialIds(), rail=ScriptedRail()
        )
        self._stack.push_async_callback(container.aclose)
        api = OfflineTelegram(clock)
        telegram = build_application(
            BOT_TOKEN, container, request=api, polling=False, operators=(OPERATOR_ID,)
        )
        await telegram.initialize()
        self._stack.push_async_callback(telegram.shutdown)
        chat = OfflineChat(telegram, api, UpdateFactory(clock))
        for telegram_id, name, username in USERS:  # wallets, so commands reach the pipeline
            await chat.say(chat.updates.user(telegram_id, name, username), "/start")
        self.app = create_app(container, telegram=telegram)


# Loaded at import: schemathesis' lazy fixture loader does not work under pytest 9 yet.
_FOLDER = tempfile.TemporaryDirectory(prefix="arcflux-fuzz-")  # removed when the run ends
schema = schemathesis.openapi.from_asgi("/openapi.json", Product(Path(_FOLDER.name)))


# Routes whose documented 400 is a domain refusal of schema-valid input (a chart window that
# does not parse, a chaos setting out of order): "valid data accepted" cannot hold there.
_DOMAIN_400 = {"/v1/charts/{name}.png", "/v1/gateways/{name}/chaos"}


@schema.parametrize()
@settings(max_examples=10)
def test_every_route_answers_as_documented_and_never_with_a_server_error(case: Any) -> None:
    excluded = [positive_data_acceptance] if case.operation.path in _DOMAIN_400 else []
    case.call_and_validate(headers=API_HEADERS, excluded_checks=excluded)


def _v1_operations() -> list[tuple[str, str]]:
    paths = schema.raw_schema["paths"]
    return [(m.upper(), p) for p, ops in paths.items() if p.startswith("/v1/") for m in ops]


@pytest.mark.parametrize(("method", "path"), _v1_operations())
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": API_TOKEN}],
    ids=["none", "wrong", "no-scheme"],
)
def test_every_v1_call_without_a_valid_token_is_refused(
    method: str, path: str, headers: dict[str, str]
) -> None:
    url = path.replace("{payment_id}", "p1").replace("{name}", "balance")
    with asgi.get_client(schema.app) as client:
        for verb, body in ((method, b"{not json"), (method, b"{}"), ("DELETE", b"")):
            response = client.request(verb, f"http://testserver{url}", data=body, headers=headers)
            # Whatever the method or body: 401, not a 405 or 422 that tells a stranger anything.
            assert response.status_code == 401, (verb, url, response.text)
            assert response.headers["www-authenticate"] == "Bearer"


def test_the_schema_declares_the_bearer_scheme_on_every_v1_route() -> None:
    document = schema.raw_schema
    assert document["components"]["securitySchemes"]["ApiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token (/token new) or a service token (arcflux tokens add).",
    }
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            secured = path.startswith("/v1/")
            assert (operation.get("security") == [{"ApiToken": []}]) is secured, (path, method)
            if secured:
                assert "401" in operation["responses"], (path, method)


def test_the_chart_names_in_the_schema_are_the_charts_there_are() -> None:
    assert get_args(ChartName) == KINDS
