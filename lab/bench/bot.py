"""`arcflux bench bot`: text updates through the webhook route, and chart render times."""

import asyncio
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from telegram.request import RequestData

from bot.adapters import SystemClock
from bot.api.app import create_app
from bot.charts import gateways, ledger
from bot.composition.container import build_container
from bot.settings import Settings
from bot.telegram.app import build_application
from core.history import Spend
from core.metrics import GatewayPoint
from lab.bench.common import percentile
from lab.offline_telegram import OfflineTelegram, UpdateFactory

TOKEN = "100000001:bench"
SECRET = "bench-secret"
MESSAGES_PER_USER = 4  # stays inside the per-user flood budget


class TimedTelegram(OfflineTelegram):
    """The offline Bot API, noting when each reply was handed to it."""

    replied_at: dict[int, float]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the moment a sendMessage arrives, then answer as usual."""
        if url.endswith("/sendMessage") and request_data is not None:
            self.replied_at[int(request_data.parameters["chat_id"])] = time.perf_counter()  # type: ignore[arg-type]
        return await super().do_request(url, method, request_data)


class WebhookPoster:
    """Delivers a body to the app's webhook route as an ASGI server would, with no HTTP client.

    The client is not part of the product, and httpx's request building cost as much as the
    route itself; the app still runs its whole middleware stack and route for every update.
    """

    def __init__(self, app: Any, secret: str) -> None:
        self._app = app
        self._headers = [
            (b"content-type", b"application/json"),
            (b"x-telegram-bot-api-secret-token", secret.encode()),
        ]

    async def post(self, body: bytes) -> int:
        """The response status for one update ``body``."""
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/telegram/webhook",
            "raw_path": b"/telegram/webhook",
            "query_string": b"",
            "root_path": "",
            "headers": [*self._headers, (b"content-length", str(len(body)).encode())],
            "client": ("127.0.0.1", 0),
            "server": ("bench", 80),
        }
        delivered = False
        status = 0

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await self._app(scope, receive, send)
        return status


def _text(template: str, users: list[dict[str, Any]], i: int) -> str:
    """The i-th message: ``template`` with {payee} as the next user's name (never the sender)."""
    payee = users[(i + 1) % len(users)]["first_name"]
    return template.replace("{payee}", payee)


def _pct(values: list[float], q: float) -> float:
    return percentile(sorted(values), q)


async def _updates(n: int, concurrency: int, text: str = "balance") -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            telegram_bot_token=TOKEN,  # type: ignore[arg-type]
            telegram_webhook_url="https://bench.invalid/telegram/webhook",
            telegram_webhook_secret=SECRET,  # type: ignore[arg-type]
        )
        container = await build_container(settings)
        clock = SystemClock()
        api = TimedTelegram(clock)
        api.replied_at = {}
        application = build_application(TOKEN, container, request=api, polling=False)
        await application.initialize()
        app = create_app(container, telegram=application)
        factory = UpdateFactory(clock)
        users = [
            factory.user(10_000 + i, f"User{i}") for i in range(max(1, n // MESSAGES_PER_USER))
        ]
        webhook = WebhookPoster(app, SECRET)
        for user in users:  # registration is not part of the measurement
            await webhook.post(json.dumps(factory.message(user, "/start")).encode())
        # The updates are written before the clock starts: making input is not the product's work.
        bodies = [
            json.dumps(factory.message(users[i % len(users)], _text(text, users, i))).encode()
            for i in range(n)
        ]
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)
        per_user_lock = {u["id"]: asyncio.Lock() for u in users}

        async def one(i: int) -> None:
            user = users[i % len(users)]
            async with per_user_lock[user["id"]], gate:  # one reply at a time per chat
                body = bodies[i]
                started = time.perf_counter()  # the update's bytes have arrived
                if await webhook.post(body) != 200:
                    raise RuntimeError("the webhook refused a bench update")
                latencies.append(api.replied_at[user["id"]] - started)

        began = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = time.perf_counter() - began
        await application.shutdown()
        await container.aclose()
    print(
        f"bot updates: {n} text updates through POST /telegram/webhook, concurrency {concurrency}"
    )
    print(f"  text        {text!r} ({len(users)} users)")
    print(f"  throughput  {n / elapsed:8.0f} updates/s   (target ≥ 300)")
    print(f"  reply p50   {1000 * _pct(latencies, 0.50):8.1f} ms")
    print(f"  reply p99   {1000 * _pct(latencies, 0.99):8.1f} ms   (target ≤ 50, no model)")


def _charts(rounds: int) -> None:
    rng = random.Random(6)  # noqa: S311 - synthetic chart data, not security
    until = datetime(2026, 1, 1, 12, tzinfo=UTC)
    since = until - timedelta(hours=24)
    points = [
        GatewayPoint(
            g, since + timedelta(minutes=m), 30, 28 + rng.randint(-3, 2), 120.0, 260.0, 25.0
        )
        for m in range(0, 24 * 60, 5)
        for g in ("stripe", "paypal", "razorpay", "circle")
    ]
    steps = [(since + timedelta(minutes=30 * i), Decimal(1000 - i)) for i in range(48)] + [
        (until, Decimal(952))
    ]
    spends = [Spend(f"Person {i}", Decimal(100 - 7 * i), i + 1) for i in range(8)]
    kinds = {
        "success": lambda: gateways.success(points, since, until, "UTC"),
        "latency": lambda: gateways.latency(points, since, until, "UTC"),
        "traffic": lambda: gateways.traffic(points, since, until, "UTC"),
        "balance": lambda: ledger.balance(steps, "USDC", since, until, "UTC"),
        "spending": lambda: ledger.spending(spends, "USDC", "24h"),
    }
    print(f"chart render: {rounds} rounds per kind after one warm-up (target ≤ 150 ms each)")
    for kind, draw in kinds.items():
        draw()
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            draw()
            times.append(1000 * (time.perf_counter() - started))
        print(
            f"  {kind:9} p50 {statistics.median(times):6.1f} ms   p99 {_pct(times, 0.99):6.1f} ms"
        )


async def run_bench(
    n: int = 2000, concurrency: int = 16, rounds: int = 20, text: str = "balance"
) -> int:
    """Print the figures; 0 always (targets are reported, not enforced)."""
    await _updates(n, concurrency, text)
    _charts(rounds)
    return 0
