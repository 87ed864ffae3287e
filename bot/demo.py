"""`arcflux demo`: the whole story offline, through the real Application and handlers.

Telegram's HTTP is replaced at the request layer; time is a demo clock moved by the script, so
a weekly series can run twice in a second and the story is the same every time.
"""

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.adapters import SystemClock
from bot.container import Container, build_container
from bot.rails import build_fleet
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.offline import OfflineChat, OfflineTelegram, SentCall, UpdateFactory, buttons
from core.gateways import GatewayRequest
from core.money import format_amount
from core.scheduling.tick import deliver, tick
from core.usecases.queries import balance
from core.usecases.validate import validate

DEMO_TOKEN = "100000001:offline-demo-token"
OPERATOR = 5009
CHARTS = ("success", "latency", "traffic", "balance", "spending")


@dataclass
class DemoClock:
    """Wall time that only moves when the story says so."""

    current: Any

    def now(self) -> Any:
        return self.current


@dataclass
class RouterTime:
    """The router's seconds, moved with the simulated traffic."""

    seconds: float = 0.0

    def __call__(self) -> float:
        return self.seconds


class Story:
    """Prints what each person says and what the bot answers."""

    def __init__(self, chat: OfflineChat, names: dict[int, str]) -> None:
        self.chat, self.names = chat, names

    def show(self, calls: list[SentCall]) -> None:
        for call in calls:
            to = self.names.get(int(call.params.get("chat_id", 0) or 0), "?")
            if call.method in ("sendMessage", "editMessageText"):
                verb = f"edits {to}'s card to" if call.method == "editMessageText" else f"→ {to}:"
                for i, line in enumerate(str(call.params["text"]).splitlines()):
                    print(f"    bot {verb if i == 0 else ' ' * len(verb)} {line}")
                for label in buttons(call):
                    print(f"        [{label}]")
            elif call.method == "sendPhoto":
                print(f"    bot → {to}: [photo] {call.params.get('caption', '')}")
            elif call.method == "answerCallbackQuery" and call.params.get("text"):
                print(f"    bot (toast) {call.params['text']}")

    async def say(self, user: dict[str, Any], text: str) -> list[SentCall]:
        print(f"{user['first_name']}: {text}")
        calls = await self.chat.say(user, text)
        self.show(calls)
        return calls

    async def tap(self, user: dict[str, Any], card: SentCall, label: str) -> list[SentCall]:
        print(f"{user['first_name']} taps [{label}]")
        calls = await self.chat.tap(user, buttons(card)[label], 1, user["id"])
        self.show(calls)
        return calls


async def run_demo(database: str | None = None, charts: str | None = "demo-out") -> int:
    """Pay, a series running twice, an outage rerouted and alerted; charts written; checked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(database) if database else Path(folder) / "demo.db"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{path}",
            telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            operator_chat_ids=str(OPERATOR),  # type: ignore[arg-type]
            simulation_seed=7,
        )
        clock = DemoClock(SystemClock().now().replace(hour=10, minute=0, second=0, microsecond=0))
        router_time = RouterTime()
        fleet = build_fleet(seed=7, clock=router_time)
        container = await build_container(settings, clock=clock, fleet=fleet)
        try:
            return await _tell(container, clock, router_time, Path(charts) if charts else None)
        finally:
            await container.aclose()


async def _tell(
    container: Container, clock: DemoClock, router_time: RouterTime, charts: Path | None
) -> int:
    api = OfflineTelegram(clock)
    application = build_application(
        DEMO_TOKEN,
        container.deps,
        request=api,
        polling=False,
        operators=(OPERATOR,),
        charts=container.charts,
        ops=container.ops,
    )
    await application.initialize()
    chat = OfflineChat(application, api, UpdateFactory(clock))
    alice = chat.updates.user(5001, "Alice", "alice")
    bob = chat.updates.user(5002, "Bob", "bobby")
    olga = chat.updates.user(OPERATOR, "Olga", "ops_olga")
    story = Story(chat, {5001: "Alice", 5002: "Bob", OPERATOR: "Olga"})
    deps, ops = container.deps, container.ops
    try:
        print("ArcFlux demo — offline; Telegram's HTTP replaced at the request layer\n")
        print("1. Two people meet the bot; Alice pays Bob by message.")
        for person in (alice, bob, olga):
            await story.say(person, "/start")
        card = (await story.say(alice, "pay bob 10 usdc"))[-1]
        await story.tap(alice, card, "Confirm")
        await story.tap(alice, card, "Confirm")

        print("\n2. A weekly payment, confirmed once, runs twice.")
        card = (await story.say(alice, "pay bob 5 usdc every week"))[-1]
        await story.tap(alice, card, "Confirm")
        notifier = TelegramNotifier(application.bot)
        for week in (1, 2):
            if week == 2:
                clock.current += timedelta(weeks=1)
                print("   … a week later, the scheduler's tick:")
            await tick(deps)
            before = len(api.calls)
            await deliver(deps, notifier)
            story.show(api.calls[before:])

        print("\n3. A gateway fails; the routing agent reroutes and alerts the operator.")
        await _traffic(ops, router_time, clock, 400, "calm")
        await story.say(olga, "/chaos circle fail 1 error")
        await _traffic(ops, router_time, clock, 400, "storm")
        await story.say(olga, "/agent")
        await ops.roll_up()
        before = len(api.calls)
        await deliver(deps, notifier)
        alerts = [c for c in api.calls[before:] if c.params.get("chat_id") == OPERATOR]
        story.show(alerts)
        if alerts:
            await story.tap(olga, alerts[0], "Acknowledge")
            await story.tap(olga, alerts[0], "Chart")
        await story.say(olga, "/gateways")

        print("\n4. The books.")
        written = await _write_charts(container, alice["id"], charts)
        if written:
            print(f"   charts written: {', '.join(str(p) for p in written)}")
        a = await balance(deps, alice["id"])
        b = await balance(deps, bob["id"])
        credited = 2 * container.settings.sandbox_credit
        problems = await validate(deps)
        print(
            f"   Alice {format_amount(a.balance, a.asset)}; Bob {format_amount(b.balance, b.asset)}"
        )
        adds_up = a.balance + b.balance == credited and a.balance == Decimal(1000 - 10 - 5 - 5)
        verdict = "add up" if adds_up else "DO NOT add up"
        total = format_amount(a.balance + b.balance, a.asset)
        print(f"   Total {total} = credited {format_amount(credited, a.asset)}: balances {verdict}")
        print(f"   validate: {'no problems' if not problems else '; '.join(problems)}")
        return 0 if adds_up and not problems and alerts else 1
    finally:
        await application.shutdown()


async def _traffic(ops: Any, router_time: RouterTime, clock: DemoClock, n: int, tag: str) -> None:
    """Synthetic payments through the fleet, 50 a second of router time, a minute of wall time."""
    for i in range(n):
        router_time.seconds += 0.02
        await ops.fleet.rail.send(GatewayRequest(f"demo-{tag}-{i}", Decimal(1), "USDC", "p", "q"))
    clock.current += timedelta(minutes=1)
    await ops.roll_up()


async def _write_charts(container: Container, telegram_id: int, folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    written = []
    for kind in CHARTS:
        image = await container.charts.render(kind, "1h", telegram_id)
        target = folder / f"{kind}.png"
        await asyncio.to_thread(target.write_bytes, image.png)
        written.append(target)
    return written
