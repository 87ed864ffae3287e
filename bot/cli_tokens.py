"""`arcflux tokens add|list|revoke`: service tokens (ops|read); the raw token is the last line."""

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from bot.services import Services
from core.audit import Actor, Door
from core.errors import DomainError
from core.tokens import use_cases as tokens
from core.tokens.audited import record_token_change

CLI = Actor.system("arcflux tokens")  # whoever has the server's shell


def _with_services(work: Callable[[Services], Awaitable[None]]) -> int:
    from bot.cli import _settings
    from bot.composition.container import build_container

    async def run() -> None:
        container = await build_container(_settings())
        try:
            await work(container)
        finally:
            await container.aclose()

    try:
        asyncio.run(run())
    except DomainError as error:
        print(f"arcflux: {error.message}")
        return 1
    return 0


def _add(args: argparse.Namespace) -> int:
    async def add(s: Services) -> None:
        made = await tokens.make_service(s.tokens, s.deps.clock, s.deps.ids, args.name, args.scope)
        await record_token_change(s.deps, CLI, Door.CLI, None, args.name, "make", scope=args.scope)
        print(f"service token {made.token.name} (scope {made.token.scope}); shown only once:")
        print(made.raw)

    return _with_services(add)


def _list(_: argparse.Namespace) -> int:
    async def show(s: Services) -> None:
        for t in await tokens.listed(s.tokens, "service_token", None):
            used = t.last_used_at.isoformat() if t.last_used_at else "never"
            print(f"{t.name}\t{t.scope}\tlast used {used}")

    return _with_services(show)


def _revoke(args: argparse.Namespace) -> int:
    async def revoke(s: Services) -> None:
        await tokens.revoke(s.tokens, s.deps.clock, "service_token", None, args.name)
        await record_token_change(s.deps, CLI, Door.CLI, None, args.name, "revoke")
        print(f"revoked {args.name}")

    return _with_services(revoke)


def add_token_commands(commands: argparse._SubParsersAction) -> None:
    """tokens add NAME --scope ops|read, tokens list, tokens revoke NAME."""
    group = commands.add_parser("tokens", help="service API tokens").add_subparsers(
        dest="tokens", required=True
    )
    add = group.add_parser("add", help="make a service token (printed once, last line)")
    add.add_argument("name")
    add.add_argument("--scope", choices=("ops", "read"), required=True)
    add.set_defaults(func=_add)
    group.add_parser("list", help="live service tokens").set_defaults(func=_list)
    revoke = group.add_parser("revoke", help="revoke a service token")
    revoke.add_argument("name")
    revoke.set_defaults(func=_revoke)
