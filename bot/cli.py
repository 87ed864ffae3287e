"""The `arcflux` command line."""

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import TypeAlias

from pydantic import ValidationError

from bot.settings import Settings

# The evaluation data lives in ../shared beside the repository.
DEV_INTENTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "intents" / "dev.jsonl"
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
    from bot.service import serve

    settings = _settings()
    redaction.install(redaction.secrets_of(settings))  # before anything can log a secret
    asyncio.run(serve(settings))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output
    # A tick overlapping a slow one is skipped by design (max_instances=1); not news here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    return asyncio.run(run_demo(database=args.database, charts=args.charts))


def _eval_intents(args: argparse.Namespace) -> int:
    from bot.evaluation import evaluate_file, verdict

    report = asyncio.run(evaluate_file(Path(args.file), args.directory and Path(args.directory)))
    text, code = verdict(report, args.min_exact)
    print(text)
    return code


def _bench_intents(args: argparse.Namespace) -> int:
    from bot.bench.intents import bench_intents

    print(asyncio.run(bench_intents(Path(args.file), rounds=args.rounds)))
    return 0


def _bench_routing(args: argparse.Namespace) -> int:
    from bot.bench.routing import bench_routing, render

    for path in args.scenarios:
        table, results = bench_routing(Path(path), args.policy)
        print(render(table, results, Path(path).stem))
    return 0


def _bench_bot(args: argparse.Namespace) -> int:
    from bot.bench.bot import run_bench

    return asyncio.run(run_bench(args.updates, args.concurrency, args.rounds, args.text))


def _db_upgrade(_: argparse.Namespace) -> int:
    from bot.composition.container import upgrade_database

    upgrade_database(_settings().database_url)
    print("database is at the latest schema")
    return 0


def _validate(_: argparse.Namespace) -> int:
    from bot.composition.container import build_container
    from core.usecases.validate import validate

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


def _bench_scheduler(args: argparse.Namespace) -> int:
    from bot.bench.scheduler import bench

    return asyncio.run(bench(args.runs, args.workers, args.database, args.batch))


def _soak(args: argparse.Namespace) -> int:
    from bot.soak.run import soak

    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    kills = args.kills if args.kills is not None else max(1, round(seconds / 90))
    return asyncio.run(
        soak(seconds, args.users, kills, args.every, args.tps, args.seed, args.database)
    )


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    root = argparse.ArgumentParser(prog="arcflux", description="Pay by chat message.")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the service").set_defaults(func=_run)
    _add_demo_and_eval(commands)
    bench = commands.add_parser("bench", help="benchmarks that print figures").add_subparsers(
        dest="bench", required=True
    )
    _add_model_benches(bench)
    commands.add_parser(
        "validate", help="check the ledger: balanced journals, no negatives, assessed runs"
    ).set_defaults(func=_validate)
    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="migrate to the latest schema").set_defaults(func=_db_upgrade)
    _add_service_benches(bench)
    _add_soak(commands)
    return root


Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_demo_and_eval(commands: Subcommands) -> None:
    """`arcflux demo` and `arcflux eval intents`."""
    demo = commands.add_parser(
        "demo", help="the scripted story on the sandbox (the service on a free local port)"
    )
    demo.add_argument("--database", help="SQLite file to use (default: a temporary one)")
    demo.add_argument("--charts", default="demo-out", help="folder for the chart PNGs")
    demo.set_defaults(func=_demo)
    evaluate = commands.add_parser("eval", help="evaluations").add_subparsers(
        dest="eval", required=True
    )
    intents = evaluate.add_parser("intents", help="score the intent agent on a JSONL file")
    intents.add_argument("file")
    intents.add_argument("--directory", help="directory.json (default: beside FILE)")
    intents.add_argument("--min-exact", type=float, help="fail under this exact-match share")
    intents.set_defaults(func=_eval_intents)


def _add_model_benches(bench: Subcommands) -> None:
    """`arcflux bench intents` and `arcflux bench routing`: the agents alone."""
    bench_intent = bench.add_parser("intents", help="intent parse latency and peak memory")
    bench_intent.add_argument("file", nargs="?", default=str(DEV_INTENTS))
    bench_intent.add_argument("--rounds", type=int, default=20)
    bench_intent.set_defaults(func=_bench_intents)
    bench_routes = bench.add_parser("routing", help="replay routing scenarios per policy")
    bench_routes.add_argument("scenarios", nargs="+", metavar="SCENARIO.json")
    bench_routes.add_argument(
        "--policy", default="all", choices=["static", "breaker", "adaptive", "oracle", "all"]
    )
    bench_routes.set_defaults(func=_bench_routing)


def _add_service_benches(bench: Subcommands) -> None:
    """`arcflux bench bot` and `arcflux bench scheduler`: the product's own paths."""
    bot_bench = bench.add_parser("bot", help="webhook updates/s, reply p50/p99, chart renders")
    bot_bench.add_argument("-n", "--updates", type=int, default=2000)
    bot_bench.add_argument("--concurrency", type=int, default=16)
    bot_bench.add_argument("--rounds", type=int, default=20)
    bot_bench.add_argument(
        "--text",
        default="balance",
        help='what every update says; {payee} becomes another user, e.g. "pay {payee} 1 usdc"',
    )
    bot_bench.set_defaults(func=_bench_bot)
    scheduler = bench.add_parser(
        "scheduler", help="execute N due runs; runs/s, latency, duplicates, memory"
    )
    scheduler.add_argument("--runs", type=int, default=10_000)
    scheduler.add_argument("--workers", type=int, default=1, help="worker processes")
    scheduler.add_argument("--batch", type=int, default=500, help="runs per transaction")
    scheduler.add_argument("--database", help="SQLite or PostgreSQL server URL (default: temp)")
    scheduler.set_defaults(func=_bench_scheduler)


def _add_soak(commands: Subcommands) -> None:
    """`arcflux soak`: the whole service under load and chaos."""
    soak = commands.add_parser(
        "soak", help="the whole service under load, chaos and SIGKILL; then an audit"
    )
    length = soak.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, default=10.0, help="load time (default 10)")
    length.add_argument("--seconds", type=float, help="load time in seconds instead")
    soak.add_argument("--users", type=int, default=20, help="payers chatting at once")
    soak.add_argument("--kills", type=int, help="SIGKILLs and restarts (default one per 90 s)")
    soak.add_argument("--every", type=int, default=10, help="seconds between a series' runs")
    soak.add_argument("--tps", type=float, default=5.0, help="simulated gateway traffic per s")
    soak.add_argument("--seed", type=int, default=7, help="seed for the load and chaos dice")
    soak.add_argument("--database", help="an empty PostgreSQL URL (default: a temp SQLite)")
    soak.set_defaults(func=_soak)


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
