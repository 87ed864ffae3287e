"""`arcflux demo`: an offline scripted story through the real Application and handlers."""

import tempfile
from decimal import Decimal
from pathlib import Path

from bot.adapters import SystemClock
from bot.container import build_container
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.offline import OfflineChat, OfflineTelegram, SentCall, UpdateFactory, buttons
from core.money import format_amount
from core.usecases.queries import balance

DEMO_TOKEN = "100000001:offline-demo-token"


def _show(calls: list[SentCall], names: dict[int, str]) -> None:
    for call in calls:
        if call.method in ("sendMessage", "editMessageText"):
            to = names.get(int(call.params.get("chat_id", 0)), "?")
            verb = f"edits {to}'s card to" if call.method == "editMessageText" else f"→ {to}:"
            for i, line in enumerate(str(call.params["text"]).splitlines()):
                print(f"    bot {verb if i == 0 else ' ' * len(verb)} {line}")
            for label in buttons(call):
                print(f"        [{label}]")
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            print(f"    bot (toast) {call.params['text']}")


async def run_demo(database: str | None = None) -> int:
    """Two users, a payment asked for, confirmed and executed; balances printed and checked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(database) if database else Path(folder) / "demo.db"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{path}",
            telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            simulation_seed=7,  # the same gateway dice every run: the story is repeatable
        )
        container = await build_container(settings)
        clock = SystemClock()
        api = OfflineTelegram(clock)
        application = build_application(DEMO_TOKEN, container.deps, request=api, polling=False)
        await application.initialize()
        chat = OfflineChat(application, api, UpdateFactory(clock))
        alice = chat.updates.user(5001, "Alice", "alice")
        bob = chat.updates.user(5002, "Bob", "bobby")
        names = {alice["id"]: "Alice", bob["id"]: "Bob"}
        try:
            print("ArcFlux demo — offline, Telegram's HTTP replaced at the request layer\n")
            for user, text in ((alice, "/start"), (bob, "/start"), (alice, "pay bob 10 usdc")):
                print(f"{user['first_name']}: {text}")
                replies = await chat.say(user, text)
                _show(replies, names)
            card = replies[-1]
            print("Alice taps [Confirm]")
            _show(await chat.tap(alice, buttons(card)["Confirm"], 1, alice["id"]), names)
            print("Alice taps [Confirm] again")
            _show(await chat.tap(alice, buttons(card)["Confirm"], 1, alice["id"]), names)
            deps = container.deps
            a = await balance(deps, alice["id"])
            b = await balance(deps, bob["id"])
            total = a.balance + b.balance
            credited = 2 * settings.sandbox_credit
            print("\nFinal balances")
            print(f"  Alice {format_amount(a.balance, a.asset)}")
            print(f"  Bob   {format_amount(b.balance, b.asset)}")
            ok = total == credited and a.balance == settings.sandbox_credit - Decimal(10)
            verdict = "add up" if ok else "DO NOT add up"
            print(
                f"  Total {format_amount(total, a.asset)} = credited "
                f"{format_amount(credited, a.asset)}: balances {verdict}"
            )
            return 0 if ok else 1
        finally:
            await application.shutdown()
            await container.aclose()
