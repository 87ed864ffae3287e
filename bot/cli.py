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


def _audit(args: argparse.Namespace) -> int:
    from bot.api.routes.audit import payment_trail
    from bot.composition.container import build_container

    async def read() -> list[list[str]]:
        container = await build_container(_settings())
        try:
            trail = await payment_trail(container.deps, args.payment)
        finally:
            await container.aclose()
        return [
            [
                e.at,
                e.actor,
                e.door,
                e.subject,
                e.action,
                f"{e.from_state or '-'} → {e.to_state or '-'}",
            ]
            for e in trail
        ]

    rows = asyncio.run(read())
    if not rows:
        print(f"no audit entries for payment {args.payment}")
        return 1
    print(_table(["at", "actor", "door", "subject", "action", "change"], rows))
    return 0


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Plain left-aligned columns, wide enough for their longest cell."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    )


Commands = argparse._SubParsersAction  # what add_subparsers returns; lab adds its own to it


def new_parser() -> tuple[argparse.ArgumentParser, Commands]:
    """The bare `arcflux` parser and its (still empty) set of subcommands."""
    root = argparse.ArgumentParser(prog="arcflux", description="Pay by chat message.")
    return root, root.add_subparsers(dest="command", required=True)


def add_product_commands(commands: Commands) -> None:
    """The subcommands that run and look after the product: run, validate, audit, db upgrade."""
    commands.add_parser("run", help="run the service").set_defaults(func=_run)
    commands.add_parser(
        "validate", help="check the ledger: balanced journals, no negatives, assessed runs"
    ).set_defaults(func=_validate)
    audit = commands.add_parser("audit", help="a payment's audit trail, oldest first")
    audit.add_argument("--payment", required=True, help="the payment id")
    audit.set_defaults(func=_audit)
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
