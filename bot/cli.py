"""The product side of the `arcflux` command line: run, validate, db upgrade."""

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable

from pydantic import ValidationError

from bot.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        sys.exit(f"arcflux: bad settings: {problems}")


def _run(_: argparse.Namespace) -> int:
    from bot import redaction
    from bot.sandbox.exposure import refusal
    from bot.service import serve

    settings = _settings()
    if (why := refusal(settings)) is not None:
        sys.exit(f"arcflux: {why}")
    redaction.install(redaction.secrets_of(settings))  # before anything can log a secret
    asyncio.run(serve(settings))
    return 0


def _db_upgrade(_: argparse.Namespace) -> int:
    from bot.composition.container import upgrade_database

    upgrade_database(_settings().database_url)
    print("database is at the latest schema")
    return 0


def _validate(_: argparse.Namespace) -> int:
    from bot.composition.container import build_container
    from core.accounts.validate import validate

    async def check() -> list[str]:
        container = await build_container(_settings())
        try:
            return await validate(container.deps)
        finally:
            await container.aclose()

    problems = asyncio.run(check())
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{len(problems)} problem(s) found" if problems else "ledger is valid: no problems found")
    return 1 if problems else 0


Commands = argparse._SubParsersAction  # what add_subparsers returns; lab adds its own to it


def new_parser() -> tuple[argparse.ArgumentParser, Commands]:
    """The bare `arcflux` parser and its (still empty) set of subcommands."""
    root = argparse.ArgumentParser(prog="arcflux", description="Pay by chat message.")
    return root, root.add_subparsers(dest="command", required=True)


def add_product_commands(commands: Commands) -> None:
    """The subcommands that run and look after the product: run, validate, db upgrade."""
    commands.add_parser("run", help="run the service").set_defaults(func=_run)
    commands.add_parser(
        "validate", help="check the ledger: balanced journals, no negatives, assessed runs"
    ).set_defaults(func=_validate)
    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="migrate to the latest schema").set_defaults(func=_db_upgrade)
    from bot.cli_tokens import add_token_commands

    add_token_commands(commands)


def parser() -> argparse.ArgumentParser:
    """The argument parser with the product's subcommands."""
    root, commands = new_parser()
    add_product_commands(commands)
    return root


def main(
    argv: list[str] | None = None, build: Callable[[], argparse.ArgumentParser] = parser
) -> int:
    """Parse ``argv`` with the parser ``build`` makes, and run the chosen subcommand."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for chatty in ("apscheduler", "alembic", "httpx"):  # per-tick and per-request noise
        logging.getLogger(chatty).setLevel(logging.WARNING)
    args = build().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
