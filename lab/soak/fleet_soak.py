"""`arcflux soak --processes N`: the soak's load on N webhook processes behind one fake Telegram.

The fake Bot API alternates updates between the processes and, now and then, delivers one
update to every process at once (as Telegram's retry may reach a second instance after the
first acted). An update no process took (a killed one's) is retried on the next process, as
Telegram retries a webhook. Either process is SIGKILLed at random and restarted while the
others serve. The audit, the validator and the report are the single-process soak's.
"""

import asyncio
import random
import resource
import secrets
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters import SystemClock
from bot.sandbox.chat import Chat
from lab.fakebot.client import FakeBotClient
from lab.fleet import Fleet, FleetMember, build_fleet
from lab.soak import report
from lab.soak.audit import async_url, audit, validate
from lab.soak.clock import WallClockStep
from lab.soak.driver import GATEWAYS, OPERATOR, Soak
from lab.soak.fake_chat import FakeChat
from lab.soak.faults import Fault, Injector
from lab.soak.people import Ask, payers
from lab.soak.run import drain, kill_times, soak_settings
from lab.soak.service import peak_kib

USDC_UNITS = 10**6  # the soak pays in USDC, stored in micro-units
DUPLICATE_CHANCE = 0.4  # every few seconds, this chance of a window delivering to every process


@dataclass
class FleetSoak(Soak):
    """The soak's payers, operator and chaos on a fleet; kills hit one member at a time."""

    fleet: Fleet = field(kw_only=True)
    token: str = field(kw_only=True)
    peaks: list[int] = field(default_factory=list, kw_only=True)
    duplicated_windows: int = field(default=0, kw_only=True)
    delivery_summary: str = field(default="webhook deliveries:   not read", kw_only=True)
    asks: Counter[tuple[int, Decimal]] = field(default_factory=Counter, kw_only=True)
    reviving: set[str] = field(default_factory=set, kw_only=True)  # killed, not ready again
    _apis: dict[str, httpx.AsyncClient] = field(default_factory=dict, kw_only=True)

    def chat_for(self, person: int) -> Chat:
        """``person``'s chat on the fake Telegram, under their name and @username."""
        payer = next((p for p in self.payers if p.id == person), None)
        name, username = (payer.name, payer.username) if payer else ("Olga", "olga_ops")
        telegram = self.fleet.telegram
        return FakeChat(self.http, person, telegram=telegram, name=name, username=username)

    def gateway_api(self) -> httpx.AsyncClient:
        """A live member's REST API, picked at random."""
        alive = [m for m in self.fleet.members if m.name not in self.reviving]
        return self._api(self.rng.choice(alive))

    def _api(self, member: FleetMember) -> httpx.AsyncClient:
        if member.name not in self._apis:
            headers = {"Authorization": f"Bearer {self.token}"}
            self._apis[member.name] = httpx.AsyncClient(
                base_url=member.base_url, timeout=30, headers=headers
            )
        return self._apis[member.name]

    async def boot(self) -> None:
        """The fleet is up: every payer (and the operator) says /start."""
        self.generation = 1  # one life for the transcript: the fake's chats survive restarts
        self.up.set()
        await self._deliver(duplicate=False)
        await asyncio.gather(*(self._welcome(p) for p in self.payers))
        await self.chat_for(OPERATOR).say("/start")

    async def load(self, seconds: float, kills_at: list[float], faults: list[Fault]) -> None:
        """The single-process load (without its faults: they target one sandbox service), with
        the delivery switching between alternating and every process."""
        switching = asyncio.create_task(self._switch_delivery())
        try:
            await super().load(seconds, kills_at, [])
        finally:
            switching.cancel()
            await asyncio.gather(switching, return_exceptions=True)
            await self._deliver(duplicate=False)

    async def _pay(self, chat: Chat, wish: Ask, life: int) -> str:
        self.asks[(chat.person, wish.amount)] += 1  # each ask may make one payment, never two
        return await super()._pay(chat, wish, life)

    async def _kill_and_restart(self) -> None:
        alive = [m for m in self.fleet.members if m.running]
        victim = self.rng.choice(alive)
        self._sample(victim)
        self.reviving.add(victim.name)
        await victim.kill()
        self.record.kills += 1
        await asyncio.sleep(self.rng.uniform(0.2, 3.0))
        await victim.start()
        self.record.startups.append(await victim.ready())
        self.reviving.discard(victim.name)

    async def _switch_delivery(self) -> None:
        while not self.stop.is_set():
            await asyncio.sleep(self.rng.uniform(2.0, 6.0))
            if not self.reviving and self.rng.random() < DUPLICATE_CHANCE:
                self.duplicated_windows += 1
                await self._deliver(duplicate=True)
                await asyncio.sleep(self.rng.uniform(2.0, 5.0))
                await self._deliver(duplicate=False)

    async def _deliver(self, duplicate: bool) -> None:
        urls = [member.webhook_url for member in self.fleet.members]
        await self.fleet.telegram.deliver_to(urls, duplicate=duplicate, retry=True)

    async def _restore_all(self) -> None:
        restore = {"action": "restore"}
        for member in self.fleet.members:
            for name in GATEWAYS:
                restored = await self._api(member).post(f"/v1/gateways/{name}/chaos", json=restore)
                restored.raise_for_status()

    def _sample(self, member: FleetMember) -> None:
        """The member's VmHWM, read before it ends."""
        peak = peak_kib(member.process.pid) if member.process is not None else None
        if peak is not None:
            self.peaks.append(peak)

    async def shut_down(self) -> None:
        """Every member's peak, then the fleet stopped."""
        for member in self.fleet.members:
            self._sample(member)
        for api in self._apis.values():
            await api.aclose()
        await self.fleet.aclose()


async def doubled_proposals(database: str, asks: Counter[tuple[int, Decimal]]) -> list[str]:
    """Payments beyond one per ask, by payer and amount: an update that acted twice."""
    engine = create_async_engine(async_url(database))
    try:
        async with engine.connect() as db:
            rows = await db.execute(
                text(
                    "SELECT u.telegram_id, p.amount_units, COUNT(*) FROM payments p "
                    "JOIN users u ON u.id = p.payer_id GROUP BY u.telegram_id, p.amount_units"
                )
            )
            made = [(int(who), Decimal(units) / USDC_UNITS, int(n)) for who, units, n in rows]
    finally:
        await engine.dispose()
    return [
        f"payer {who} asked {asks[(who, amount)]} time(s) for {amount} USDC; {n} payments made"
        for who, amount, n in made
        if n > asks[(who, amount)]
    ]


def fleet_environment(token: str, folder: Path, tps: float) -> dict[str, str]:
    """The soak's settings for every member; wallets get play credit, as on the sandbox."""
    return {
        **soak_settings(token, folder, tps),
        "SANDBOX": "true",  # with a bot token, play money only when asked for
        "OPERATOR_CHAT_IDS": str(OPERATOR),
    }


async def _drive(driver: FleetSoak, seconds: float, kills: int, database: str) -> datetime:
    """Fleet up, load with kills, drain, sweep, fleet down; the cutoff for the audit."""
    try:
        began = asyncio.get_running_loop().time()
        await driver.fleet.start()
        driver.record.startups.append(asyncio.get_running_loop().time() - began)
        await driver.boot()
        await driver.load(seconds, kill_times(driver.rng, seconds, kills), [])
        load_ended = SystemClock().now()
        await drain(database, load_ended)
        await driver.sweep()
        driver.delivery_summary = await _deliveries(driver.fleet.telegram)
    finally:
        await driver.shut_down()
    return load_ended


async def _deliveries(telegram: FakeBotClient) -> str:
    """One line: webhook POSTs, how many were refused (retried) and how many went to all."""
    rows = await telegram.deliveries()
    per_update = Counter(row["update_id"] for row in rows if row["status"] == 200)
    refused = sum(1 for row in rows if row["status"] != 200)
    twice = sum(1 for n in per_update.values() if n > 1)
    return (
        f"webhook deliveries:   {len(rows)} POSTs for {len(per_update)} updates; "
        f"{twice} updates taken by more than one process; {refused} refused and retried"
    )


async def soak_fleet(
    seconds: float,
    users: int,
    kills: int,
    every: int,
    tps: float,
    seed: int,
    database: str,
    processes: int,
) -> int:
    """The soak on ``processes`` webhook processes; 0 when nothing was duplicated or lost."""
    rng = random.Random(seed)  # noqa: S311 - load and chaos choices, not security
    folder = Path(tempfile.mkdtemp(prefix="arcflux-soak-"))
    token = secrets.token_urlsafe(32)
    fleet = build_fleet(database, folder, processes, fleet_environment(token, folder, tps))
    print(
        f"soak: {seconds:.0f} s, {users} users, {kills} kill(s), {processes} webhook processes; "
        f"files in {folder}",
        flush=True,
    )
    async with httpx.AsyncClient(base_url=fleet.telegram.root, timeout=30) as http:
        injector = Injector(http, database, WallClockStep(folder / "faketime"), [])
        driver = FleetSoak(
            None, http, http, rng, payers(users), every, injector, fleet=fleet, token=token
        )
        load_ended = await _drive(driver, seconds, kills, database)
    return await _report(driver, folder, load_ended, seconds, users)


async def _report(
    driver: FleetSoak, folder: Path, load_ended: datetime, seconds: float, users: int
) -> int:
    """The single-process soak's audit and figures, plus how the updates were delivered."""
    fleet = driver.fleet
    found = await audit(
        fleet.database_url, load_ended, driver.record.confirmed, folder / "charges.log"
    )
    found.duplicates += await doubled_proposals(fleet.database_url, driver.asks)
    found.lies = driver.record.transcript.lies(found.first_run_charged)
    driver.record.transcript.write(folder / "told.jsonl")
    found.validator_ok, found.validator = await validate(fleet[1].env, folder)
    how = report.Run(
        seconds,
        users,
        f"PostgreSQL, {len(fleet.members)} webhook processes (no sandbox faults)",
        driver.peaks,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )
    print(driver.delivery_summary, flush=True)
    print(f"delivered to every process: {driver.duplicated_windows} windows of 2-5 s", flush=True)
    print(report.render(how, driver.record, found), flush=True)
    return 0 if report.clean(found) else 1
