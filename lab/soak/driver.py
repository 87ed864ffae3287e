"""The soak's load: payers asking and confirming, an operator approving, chaos, and kills."""

import asyncio
import logging
import random
import re
from collections import Counter
from dataclasses import dataclass, field

import httpx
from sqlalchemy.exc import SQLAlchemyError

from bot.sandbox.chat import Chat, Message, body, button
from lab.soak.faults import Fault, Injector, Window
from lab.soak.people import Ask, Payer, ask
from lab.soak.service import ServiceProcess
from lab.soak.told import Card, Transcript

log = logging.getLogger(__name__)

OPERATOR = 9900  # the sandbox's demo operator, the service's operator when none is configured
GATEWAYS = ("stripe", "paypal", "razorpay", "circle")
MIN_UP_SECONDS = 3.0
CARD_SECONDS = 45.0  # an ask's answer, including an operator's review, arrives within this
NOTICE_PREFIXES = ("You received", "Missed:", "Skipped:")
FINAL_PREFIXES = ("Paid ", "Scheduled:", "Failed:", "Denied:", "An operator declined")
CARD = re.compile(r"Pay (?P<what>.+ to .+)\?")  # "Pay 12.50 USDC to Soak003?"
TYPE_AMOUNT = re.compile(r"type the amount \((?P<amount>[0-9.]+)\)")


class Interrupted(Exception):
    """The service was killed while a payer was waiting for it."""


@dataclass
class Record:
    """What the driver asked for and what the chats said; the audit checks it against the DB."""

    asked: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    confirmed: dict[str, str] = field(default_factory=dict)  # payment id → kind, acknowledged
    tapped: dict[str, str] = field(default_factory=dict)  # payment id → kind, Confirm sent
    approvals: int = 0
    chaos: list[str] = field(default_factory=list)
    kills: int = 0
    startups: list[float] = field(default_factory=list)
    transcript: Transcript = field(default_factory=Transcript)
    windows: list[Window] = field(default_factory=list)  # the faults, as they happened


@dataclass
class Soak:
    """Runs the load against one service (and its restarts) until ``stop`` is set."""

    service: ServiceProcess | None  # None when a subclass runs a fleet of its own
    http: httpx.AsyncClient
    api: httpx.AsyncClient  # the REST API with the bearer token
    rng: random.Random
    payers: list[Payer]
    every: int  # seconds between a series' runs
    injector: Injector
    record: Record = field(default_factory=Record)
    calm: asyncio.Lock = field(default_factory=asyncio.Lock)  # held by a fault; a kill waits
    up: asyncio.Event = field(default_factory=asyncio.Event)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    generation: int = 0
    chats: dict[int, Chat] = field(default_factory=dict)

    async def boot(self) -> None:
        """Start the first life and open every payer's wallet with /start."""
        await self._start()
        await asyncio.gather(*(self._welcome(p) for p in self.payers))

    async def load(self, seconds: float, kills_at: list[float], faults: list[Fault]) -> None:
        """Payers, operator, chaos, faults and kills for ``seconds``; then chaos is restored."""
        workers = [asyncio.create_task(self._payer(p)) for p in self.payers]
        workers += [asyncio.create_task(self._operator()), asyncio.create_task(self._chaos())]
        killer = asyncio.create_task(self._killer(kills_at))
        breaker = asyncio.create_task(self._faults(faults))
        await asyncio.sleep(seconds)
        self.stop.set()
        await killer  # a restart under way finishes before the drain starts
        await breaker  # so does a fault in force
        for crashed in await asyncio.gather(*workers, return_exceptions=True):
            if isinstance(crashed, BaseException):  # a driver bug: say so, the audit still runs
                log.error("soak: a load task failed", exc_info=crashed)
        await self._restore_all()

    # -- lives --------------------------------------------------------------------------
    def chat_for(self, person: int) -> Chat:
        """``person``'s chat with the bot (on the sandbox of the service under soak)."""
        return Chat(self.http, person)

    def gateway_api(self) -> httpx.AsyncClient:
        """The REST API the chaos calls go to."""
        return self.api

    async def _start(self) -> None:
        assert self.service is not None
        self.service.start()
        self.record.startups.append(await self.service.ready(self.http))
        self.generation += 1
        for payer in self.payers:  # the sandbox forgets its people with each life
            (await self.http.post("/sandbox/api/people", json=payer.as_json())).raise_for_status()
        self.up.set()

    async def _killer(self, kills_at: list[float]) -> None:
        began = asyncio.get_running_loop().time()
        for at in kills_at:
            since = asyncio.get_running_loop().time() - began
            await asyncio.sleep(max(MIN_UP_SECONDS, at - since))  # each life does some work
            async with self.calm:  # a fault's window is not cut short by a new life
                await self._kill_and_restart()

    async def _kill_and_restart(self) -> None:
        self.up.clear()
        assert self.service is not None
        self.service.kill()
        self.record.kills += 1
        log.info("soak: killed the service (kill %d)", self.record.kills)
        await asyncio.sleep(self.rng.uniform(0.2, 3.0))
        await self._start()
        log.info("soak: restarted in %.1fs", self.record.startups[-1])

    async def _faults(self, faults: list[Fault]) -> None:
        """Each fault at its moment, one at a time, never across a kill."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        for fault in faults:
            await asyncio.sleep(max(0.0, fault.at - (loop.time() - began)))
            if self.stop.is_set():
                return
            async with self.calm:
                await self.up.wait()
                window = Window(fault.name, loop.time())
                try:
                    window.note = await self.injector.apply(fault)
                except (httpx.HTTPError, OSError, SQLAlchemyError) as error:
                    window.note = f"could not inject it: {type(error).__name__}"
                window.ended = loop.time()
                self.record.windows.append(window)
                log.info("soak: %s: %s", fault.name, window.note)

    # -- payers ---------------------------------------------------------------------------
    async def _welcome(self, payer: Payer) -> None:
        chat = self.chats[payer.id] = self.chat_for(payer.id)  # read past the welcome
        await chat.say("/start")
        for _ in range(30):
            if any(body(m).startswith("Welcome") for m in await chat.changes(wait=2)):
                return
        raise RuntimeError(f"{payer.name} was not welcomed")

    async def _payer(self, payer: Payer) -> None:
        chat, life = self.chats[payer.id], self.generation
        while not self.stop.is_set():
            await self.up.wait()
            if life != self.generation:
                chat.reset()
                life = self.generation
            wish = ask(self.rng, payer, self.payers, self.every)
            self.record.asked[wish.kind] += 1
            try:
                outcome = await self._pay(chat, wish, life)
            except (httpx.HTTPError, Interrupted):
                outcome = "interrupted by a kill"
            self.record.outcomes[f"{wish.kind}: {outcome}"] += 1
            await asyncio.sleep(self.rng.uniform(0.5, 3.0))

    async def _pay(self, chat: Chat, wish: Ask, life: int) -> str:
        """Ask, tap Confirm on the card (typing the amount on a step-up); how it ended."""
        await chat.say(wish.text)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CARD_SECONDS
        card: Message | None = None
        payment = ""
        typed = False
        while loop.time() < deadline:
            if life != self.generation:
                raise Interrupted
            for m in await self._read(chat, life):
                text, confirm = body(m), button(m, "Confirm")
                if card is None and confirm:
                    card, payment = m, confirm.split(":")[2]
                    self.record.tapped[payment] = wish.kind
                    self._card(life, chat, m, payment, wish)
                    await chat.tap(m, confirm)
                elif card is not None and m["message_id"] == card["message_id"]:
                    asked_for = TYPE_AMOUNT.search(text)
                    if asked_for and not typed:  # the card's own amount: it may be an older ask's
                        await chat.say(asked_for["amount"])
                        typed = True
                    elif text.startswith(FINAL_PREFIXES):
                        return self._acknowledged(payment, wish, text)
                elif card is not None and typed and _answers(card, text):
                    return self._acknowledged(payment, wish, text)
                elif card is None and "operator's review" in text:
                    deadline = loop.time() + CARD_SECONDS
                elif card is None and not _notice(text):
                    return "refused: " + text.split("\n")[0][:60]
        return "no answer in time"

    async def _read(self, chat: Chat, life: int, wait: float = 2) -> list[Message]:
        """A payer's new and edited messages, kept in the transcript."""
        fresh = await chat.changes(wait=wait)
        self.record.transcript.saw(asyncio.get_running_loop().time(), life, chat.person, fresh)
        return fresh

    def _card(self, life: int, chat: Chat, message: Message, payment: str, wish: Ask) -> None:
        what = CARD.match(body(message))
        card = Card(payment, wish.kind, what["what"] if what else "")
        self.record.transcript.card(life, chat.person, message, card)

    async def sweep(self) -> None:
        """Read every payer's chat once more: receipts that came after the load."""
        for chat in self.chats.values():
            try:
                await self._read(chat, self.generation, wait=0)
            except httpx.HTTPError:
                return  # the service is gone: what it sent meanwhile is lost with its memory

    def _acknowledged(self, payment: str, wish: Ask, text: str) -> str:
        word = text.split(":")[0].split(" ")[0]
        if word in ("Paid", "Scheduled"):
            self.record.confirmed[payment] = wish.kind
        return word.lower()

    # -- operator and chaos ----------------------------------------------------------------------
    async def _operator(self) -> None:
        """Approve every review request (the soak wants series to run)."""
        chat, life, done = self.chat_for(OPERATOR), self.generation, set[str]()
        while not self.stop.is_set():
            await self.up.wait()
            if life != self.generation:
                chat.reset()
                life = self.generation
            try:
                for m in await chat.changes(wait=2):
                    data = button(m, "Approve")
                    if data and data not in done:
                        done.add(data)
                        await chat.tap(m, data)
                        self.record.approvals += 1
            except httpx.HTTPError:
                await asyncio.sleep(0.5)

    async def _chaos(self) -> None:
        """Every few seconds, break, slow or restore a random gateway through the REST API."""
        while not self.stop.is_set():
            await asyncio.sleep(self.rng.uniform(5.0, 15.0))
            await self.up.wait()
            name = self.rng.choice(GATEWAYS)
            roll = self.rng.random()
            fault: dict[str, object]
            if roll < 0.4:
                fault = {"action": "fail", "rate": round(self.rng.uniform(0.3, 1.0), 2)}
                fault["kind"] = self.rng.choice(["error", "timeout", "network"])
            elif roll < 0.6:
                fault = {"action": "slow", "p50_ms": 900, "p95_ms": 2500}
            else:
                fault = {"action": "restore"}
            try:
                answer = await self.gateway_api().post(f"/v1/gateways/{name}/chaos", json=fault)
                answer.raise_for_status()
                self.record.chaos.append(f"{name} {fault['action']}")
            except httpx.HTTPError:
                pass  # killed meanwhile: the new life starts healthy anyway

    async def _restore_all(self) -> None:
        for name in GATEWAYS:
            restored = await self.api.post(f"/v1/gateways/{name}/chaos", json={"action": "restore"})
            restored.raise_for_status()


def _answers(card: Message, text: str) -> bool:
    """Whether ``text`` is the outcome of ``card`` ("Paid 12.50 USDC to Soak003."), not a receipt
    of another payment arriving meanwhile."""
    what = CARD.match(body(card))
    first = text.split("\n")[0]
    return what is not None and first.startswith(FINAL_PREFIXES) and what["what"] in first


def _notice(text: str) -> bool:
    """A notification about earlier payments, not an answer to the message just sent."""
    return (
        text.startswith(NOTICE_PREFIXES)
        or "\nRef: " in text
        or text.startswith("Failed:")
        or "could not tell them" in text  # a payee of an earlier payment blocked the bot
    )
