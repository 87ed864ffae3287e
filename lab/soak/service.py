"""The service under soak: `arcflux run` as a child process that can be SIGKILLed and restarted."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

import httpx

STARTUP_SECONDS = 180.0  # imports alone take ~20 s on a loaded two-core machine
STOP_SECONDS = 20.0


def peak_kib(pid: int) -> int | None:
    """The process's resident high-water mark (VmHWM) in KiB; None off Linux or once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


class ServiceProcess:
    """One `arcflux run` at a time on a fixed port; every life's peak memory is kept."""

    def __init__(self, env: dict[str, str], folder: Path, base_url: str) -> None:
        self.env = env
        self.folder = folder
        self.base_url = base_url
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.peaks: list[int] = []  # KiB, one per life, read just before it ended
        self._log: IO[bytes] | None = None

    @property
    def log_path(self) -> Path:
        """Where every life's output goes (appended)."""
        return self.folder / "service.log"

    def start(self) -> None:
        """Spawn the service; `ready` waits until it answers."""
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        self.starts += 1

    async def ready(self, http: httpx.AsyncClient) -> float:
        """Wait until the API answers and the bot has published its menu; seconds waited."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        while loop.time() - began < STARTUP_SECONDS:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"the service exited; see {self.log_path}")
            try:
                menus = await http.get("/sandbox/api/commands")
                if menus.status_code == 200 and menus.json():
                    return loop.time() - began
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
        raise RuntimeError(f"the service did not start in {STARTUP_SECONDS:.0f}s")

    def sample(self) -> int | None:
        """The running life's peak so far (KiB)."""
        return peak_kib(self.process.pid) if self.process else None

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        """SIGTERM and wait for a clean shutdown (SIGKILL if it hangs)."""
        self._end(signal.SIGTERM)

    def _end(self, how: signal.Signals) -> None:
        if self.process is None:
            return
        peak = self.sample()  # VmHWM vanishes with the process: read it first
        if peak is not None:
            self.peaks.append(peak)
        if self.process.poll() is None:
            os.kill(self.process.pid, how)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
