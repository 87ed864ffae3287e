"""`arcflux demo`: the whole story on the sandbox, through the real service over HTTP.

The service runs in this process (uvicorn on a free loopback port, a fresh SQLite file, the
local Bot API); the story types and taps as the sandbox's people, so the bot talks to the
sandbox exactly as to Telegram. Time is a demo clock handed to the service: moving it a week
lets the scheduler's own tick find the weekly run due again.
"""

import asyncio
import socket
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from bot.adapters import SystemClock
from bot.composition.container import Container, build_container
from bot.rails import build_fleet
from bot.service import build_server
from bot.settings import Settings
from core.gateways import GatewayRequest
from lab.sandbox_driver import ChatTimeout, SandboxDriver, starts

ALICE, BOB, OPERATOR = 9001, 9002, 9900  # the sandbox's demo people
NAMES = {ALICE: "Alice", BOB: "Bob", OPERATOR: "Olga"}
API_TOKEN = "demo-api-token-long-enough-for-the-minimum"
STARTUP_SECONDS = 30.0
CREDIT = Decimal(1000)


@dataclass
class DemoClock:
    """Wall time that only moves when the story says so."""

    current: datetime

    def now(self) -> datetime:
        return self.current


@dataclass
class RouterTime:
    """The router's seconds, moved with the simulated traffic."""

    seconds: float = 0.0

    def __call__(self) -> float:
        return self.seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def run_demo(database: str | None = None, charts: str | None = "demo-out") -> int:
    """Pay, a series running twice, an outage rerouted and alerted; charts written; checked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(database) if database else Path(folder) / "demo.db"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{path}",
            host="127.0.0.1",
            port=_free_port(),
            operator_chat_ids=str(OPERATOR),  # type: ignore[arg-type]
            api_tokens=API_TOKEN,  # type: ignore[arg-type]
            sandbox_credit=CREDIT,
            simulation_seed=7,
            tick_seconds=0.2,
            routing_cycle_seconds=3600,  # the operator runs the agent with /agent, on cue
        )
        clock = DemoClock(SystemClock().now().replace(hour=10, minute=0, second=0, microsecond=0))
        router_time = RouterTime()
        container = await build_container(
            settings, clock=clock, fleet=build_fleet(seed=7, clock=router_time)
        )
        server = build_server(settings, container, quiet=True)  # closes the container
        serving = asyncio.create_task(server.serve())
        base = f"http://{settings.host}:{settings.port}"
        try:
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                await _until_ready(http, serving)
                story = Story(SandboxDriver(http, NAMES), http, container, clock, router_time)
                return await story.tell(Path(charts) if charts else None)
        except ChatTimeout as error:  # the story stalled: say where, and fail
            print(f"\ndemo failed: {error}")
            return 1
        finally:
            server.should_exit = True
            await serving


async def _until_ready(http: httpx.AsyncClient, serving: "asyncio.Task[None]") -> None:
    """The API answers and the bot has registered its commands with the sandbox."""
    deadline = asyncio.get_running_loop().time() + STARTUP_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        if serving.done():
            raise RuntimeError("the service stopped while starting")
        try:
            if (await http.get("/sandbox/api/commands")).json():
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError(f"the service did not start within {STARTUP_SECONDS:.0f}s")


class Story:
    """The demo's four acts, told through the sandbox."""

    def __init__(
        self,
        chat: SandboxDriver,
        http: httpx.AsyncClient,
        container: Container,
        clock: DemoClock,
        router_time: RouterTime,
    ) -> None:
        self.chat, self.http, self.container = chat, http, container
        self.clock, self.router_time = clock, router_time

    async def tell(self, charts: Path | None) -> int:
        """Print the transcript; 0 when the balances add up, validate is clean and Olga was told."""
        chat = self.chat
        print(f"ArcFlux demo — the service on the sandbox at {self.http.base_url}\n")
        print("1. Two people meet the bot; Alice pays Bob by message.")
        for person in (ALICE, BOB, OPERATOR):
            await chat.say(person, "/start", starts("Welcome"))
        after = await chat.mark()
        card = await chat.say(ALICE, "pay bob 10 usdc", starts("Pay 10.00 USDC to “Bob”?"))
        await chat.tap(ALICE, card, "Confirm", starts("Paid 10.00 USDC"))
        await chat.wait(BOB, starts("You received 10.00 USDC"), after)
        await chat.tap(ALICE, card, "Confirm", lambda m: m["message_id"] == card["message_id"])

        print("\n2. A weekly payment, confirmed once, runs twice.")
        after = await chat.mark()
        card = await chat.say(ALICE, "pay bob 5 usdc every week", starts("Pay 5.00 USDC to “Bob”?"))
        await chat.tap(ALICE, card, "Confirm", starts("Paid 5.00 USDC"))  # the first run is now
        await chat.wait(BOB, starts("You received 5.00 USDC"), after)
        print("   … a week later (the demo clock moves; the scheduler's tick finds the run due):")
        after = await chat.mark()
        self.clock.current += timedelta(weeks=1)
        await chat.wait(ALICE, starts("Paid 5.00 USDC"), after)
        await chat.wait(BOB, starts("You received 5.00 USDC"), after)

        print("\n3. A gateway fails; the router isolates it, the routing agent alerts Olga.")
        await self._traffic(400, "calm")
        await chat.say(OPERATOR, "/chaos circle fail 1 error", starts(""))
        await self._traffic(400, "storm")
        after = await chat.mark()
        await chat.say(OPERATOR, "/agent", starts("Routing cycle"))
        alert = await chat.wait(OPERATOR, lambda m: _has(m, "Acknowledge"), after)
        await chat.tap(OPERATOR, alert, "Acknowledge", lambda m: bool(m["toast"]))
        photo = await chat.tap(OPERATOR, alert, "Chart", lambda m: bool(m["photo"]))
        await chat.say(OPERATOR, "/gateways", starts("Gateways"))

        if charts is not None:
            print("\n4. Charts, as Olga and Alice ask for them.")
            written = await self._charts(charts, photo)
            print(f"   charts written: {', '.join(str(p) for p in written)}")
        print("\n5. The books.")
        return await self._books()

    async def _traffic(self, n: int, tag: str) -> None:
        """Payments through the fleet: 50 a second of router time, then a minute of wall time."""
        ops = self.container.ops
        for i in range(n):
            self.router_time.seconds += 0.02
            request = GatewayRequest(f"demo-{tag}-{i}", Decimal(1), "USDC", "p", "q")
            await ops.fleet.rail.send(request)
        self.clock.current += timedelta(minutes=1)
        await ops.roll_up()  # the metrics minute the charts and the agent read

    async def _charts(self, folder: Path, success: dict[str, Any]) -> list[Path]:
        """The operator's and Alice's charts, as the sandbox received them."""
        photos = {"success": success}
        for person, kind, span in (
            (OPERATOR, "latency", "1h"),
            (OPERATOR, "traffic", "1h"),
            (ALICE, "balance", "7d"),
            (ALICE, "spending", "7d"),
        ):
            photos[kind] = await self.chat.say(person, f"/chart {kind} {span}", _photo)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        written = []
        for kind, message in photos.items():
            target = folder / f"{kind}.png"
            await asyncio.to_thread(target.write_bytes, await self.chat.photo(message))
            written.append(target)
        return written

    async def _books(self) -> int:
        """Balances as the bot tells them, and the ledger validated over the REST API."""
        alice = _amount(await self.chat.say(ALICE, "/balance", starts("Balance:")))
        bob = _amount(await self.chat.say(BOB, "/balance", starts("Balance:")))
        checked = await self.http.post(
            "/v1/system/validate", headers={"Authorization": f"Bearer {API_TOKEN}"}
        )
        checked.raise_for_status()
        problems = [str(p) for p in checked.json().get("problems", [])]
        adds_up = alice + bob == 2 * CREDIT and alice == CREDIT - 10 - 5 - 5
        verdict = "add up" if adds_up else "DO NOT add up"
        print(f"   Alice {alice} + Bob {bob} = {alice + bob}; credited {2 * CREDIT}: {verdict}")
        print(f"   validate: {'no problems' if not problems else '; '.join(problems)}")
        return 0 if adds_up and not problems else 1


def _has(message: dict[str, Any], label: str) -> bool:
    return any(b["text"] == label for row in message["buttons"] for b in row)


def _photo(message: dict[str, Any]) -> bool:
    return bool(message.get("photo"))


def _amount(message: dict[str, Any]) -> Decimal:
    """1010 from "Balance: 1,010.00 USDC"."""
    return Decimal(str(message["text"]).split()[1].replace(",", ""))
