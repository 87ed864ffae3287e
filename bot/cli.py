"""The `arcflux` command line."""

import argparse
import asyncio
import logging
import sys

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
    from bot.service import serve

    asyncio.run(serve(_settings()))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    return asyncio.run(run_demo(database=args.database))


def _db_upgrade(_: argparse.Namespace) -> int:
    from bot.container import upgrade_database

    upgrade_database(_settings().database_url)
    print("database is at the latest schema")
    return 0


def _bench_scheduler(args: argparse.Namespace) -> int:
    from bot.bench.scheduler import bench

    return asyncio.run(bench(args.runs, args.workers, args.database, args.batch))


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    root = argparse.ArgumentParser(prog="arcflux", description="Pay by chat message.")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the service").set_defaults(func=_run)
    demo = commands.add_parser("demo", help="an offline scripted story on a fresh database")
    demo.add_argument("--database", help="SQLite file to use (default: a temporary one)")
    demo.set_defaults(func=_demo)
    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="migrate to the latest schema").set_defaults(func=_db_upgrade)
    bench = commands.add_parser("bench", help="benchmarks that print figures")
    scheduler = bench.add_subparsers(dest="bench", required=True).add_parser(
        "scheduler", help="execute N due runs; runs/s, latency, duplicates, memory"
    )
    scheduler.add_argument("--runs", type=int, default=10_000)
    scheduler.add_argument("--workers", type=int, default=1, help="worker processes")
    scheduler.add_argument("--batch", type=int, default=500, help="runs per transaction")
    scheduler.add_argument("--database", help="SQLite or PostgreSQL server URL (default: temp)")
    scheduler.set_defaults(func=_bench_scheduler)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for chatty in ("apscheduler", "alembic", "httpx"):  # per-tick and per-request noise
        logging.getLogger(chatty).setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
