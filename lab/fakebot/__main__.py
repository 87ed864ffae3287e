"""python -m lab.fakebot --port P [--token T] [--state FILE]: the fake Telegram as a process."""

import argparse
import asyncio
import socket
from types import FrameType

import uvicorn

from lab.fakebot.app import build_app, create_telegram
from lab.fakebot.store import FakeTelegram

DEFAULT_TOKEN = "100000001:fake-bot-token"


class _FakeBotServer(uvicorn.Server):
    """Uvicorn that ends open long polls at once when told to stop."""

    def __init__(self, config: uvicorn.Config, telegram: FakeTelegram) -> None:
        super().__init__(config)
        self.telegram = telegram
        self.loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Remember the loop, so the signal handler can reach it safely."""
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Wake long polls (they answer []) before uvicorn waits for open requests."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.telegram.close)
        super().handle_exit(sig, frame)


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and serve until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(prog="python -m lab.fakebot", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--state", help="JSON file that keeps the state across restarts")
    args = parser.parse_args(argv)
    telegram = create_telegram(args.token, args.state)
    config = uvicorn.Config(
        build_app(telegram),
        host=args.host,
        port=args.port,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    _FakeBotServer(config, telegram).run()


if __name__ == "__main__":
    main()
