"""Several `arcflux run` processes in webhook mode behind one fake Telegram, on one database.

The two-process tests and the multi-process soak use it: start the fake Bot API, migrate the
database once, start N service processes (each on its own port, each its own environment),
wait until every one is ready, and SIGKILL or restart any of them while the others serve.
"""

import asyncio
import os
import secrets
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from lab.fakebot.client import FakeBotClient

FAKE_BOT_TOKEN = "100000001:fake-bot-token"
STARTUP_SECONDS = 180.0  # imports alone take ~20 s on a loaded two-core machine
STOP_SECONDS = 20.0
# Settings a developer's shell may hold that would point a member at something else.
_INHERITED_NOT = (
    "DATABASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "OPERATOR_CHAT_IDS",
    "HOST",
    "PORT",
)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class FleetMember:
    """One service process: its port, environment and log; it can die and start again."""

    name: str
    port: int
    env: dict[str, str]
    folder: Path
    process: asyncio.subprocess.Process | None = None
    starts: int = 0
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        """The member's HTTP root."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def webhook_url(self) -> str:
        """Where the fake Telegram POSTs updates meant for this member."""
        return f"{self.base_url}/telegram/webhook"

    @property
    def log_path(self) -> Path:
        """Every life's output, appended."""
        return self.folder / f"{self.name}.log"

    @property
    def running(self) -> bool:
        """True while the process lives."""
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        """Spawn `arcflux run` (the product's own entry point); `ready` waits for it."""
        self._log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=self.env,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
            cwd=self.folder,  # no developer .env is read from here
        )
        self.starts += 1

    async def ready(self, within: float = STARTUP_SECONDS) -> float:
        """Wait until /readyz is 200 (database writable, Telegram connected); seconds waited."""
        began = time.monotonic()
        async with httpx.AsyncClient(base_url=self.base_url, timeout=5) as http:
            while time.monotonic() - began < within:
                if not self.running:
                    raise RuntimeError(f"{self.name} exited; see {self.log_path}")
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        return time.monotonic() - began
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name} was not ready in {within:.0f} s; see {self.log_path}")

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        await self._end(signal.SIGKILL)

    async def stop(self) -> None:
        """SIGTERM and wait for a clean shutdown (SIGKILL if it hangs)."""
        await self._end(signal.SIGTERM)

    async def restart(self) -> float:
        """Kill if running, start again, wait until ready; seconds until ready."""
        await self.kill()
        await self.start()
        return await self.ready()

    async def _end(self, how: signal.Signals) -> None:
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            os.kill(process.pid, how)
            try:
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class Fleet:
    """A fake Telegram and the service processes it delivers to."""

    telegram: FakeBotClient
    members: list[FleetMember]
    database_url: str
    webhook_secret: str

    def __getitem__(self, number: int) -> FleetMember:
        """Members are numbered from 1, as people say "process 1" and "process 2"."""
        return self.members[number - 1]

    async def deliver_to(self, *numbers: int, duplicate: bool = False) -> None:
        """Updates go to these members in turn, or to every one of them when duplicating."""
        urls = [self[number].webhook_url for number in numbers]
        await self.telegram.deliver_to(urls, duplicate=duplicate)

    async def start(self) -> None:
        """Fake Telegram up, database migrated, every member started and ready."""
        await self.telegram.start()
        await migrate(self.database_url, self.members[0].folder)
        for member in self.members:
            await member.start()
        await asyncio.gather(*(member.ready() for member in self.members))
        await self.deliver_to(*range(1, len(self.members) + 1))

    async def aclose(self) -> None:
        """Stop every member, then the fake Telegram."""
        await asyncio.gather(*(member.stop() for member in self.members))
        await self.telegram.aclose()


async def migrate(database_url: str, folder: Path) -> None:
    """`arcflux db upgrade` once: PostgreSQL is migrated by command, not by each process."""
    env = {**_base_environment(), "DATABASE_URL": database_url}
    upgrade = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "db", "upgrade", env=env, cwd=folder
    )
    if await upgrade.wait() != 0:
        raise RuntimeError(f"db upgrade of {database_url} failed")


def build_fleet(
    database_url: str,
    folder: Path,
    processes: int = 2,
    extra_env: dict[str, str] | None = None,
) -> Fleet:
    """A fleet (not yet started) of ``processes`` members on ``database_url``."""
    telegram = FakeBotClient(free_port(), FAKE_BOT_TOKEN, state_path=folder / "fakebot.json")
    secret = secrets.token_urlsafe(16)
    members = []
    for number in range(1, processes + 1):
        port = free_port()
        env = member_environment(database_url, telegram, port, secret)
        members.append(FleetMember(f"process-{number}", port, env | (extra_env or {}), folder))
    return Fleet(telegram, members, database_url, secret)


def member_environment(
    database_url: str, telegram: FakeBotClient, port: int, secret: str
) -> dict[str, str]:
    """One member's settings: the shared database and bot, its own port and webhook URL."""
    return {
        **_base_environment(),
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_BASE_URL": telegram.base_url,
        # Each member registers its own URL; the fake's fleet delivery decides who gets what.
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": secret,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }


def _base_environment() -> dict[str, str]:
    """This process's environment without the settings that pick a database or a bot."""
    return {name: value for name, value in os.environ.items() if name not in _INHERITED_NOT}
