"""The `arcflux` console command: the product's subcommands plus demo, eval, bench and soak."""

import argparse
import asyncio
import logging
import sys
from datetime import timedelta
from pathlib import Path

from bot import cli as product

# The evaluation data lives in ../shared beside the repository.
DEV_INTENTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "intents" / "dev.jsonl"


def _demo(args: argparse.Namespace) -> int:
    from lab.demo import run_demo

    logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output
    # A tick overlapping a slow one is skipped by design (max_instances=1); not news here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    return asyncio.run(run_demo(database=args.database, charts=args.charts))


def _eval_intents(args: argparse.Namespace) -> int:
    from lab.evaluation.intents import evaluate_file, verdict

    report = asyncio.run(evaluate_file(Path(args.file), args.directory and Path(args.directory)))
    text, code = verdict(report, args.min_exact)
    print(text)
    return code


def _bench_intents(args: argparse.Namespace) -> int:
    from lab.bench.intents import bench_intents

    print(asyncio.run(bench_intents(Path(args.file), rounds=args.rounds)))
    return 0


def _bench_routing(args: argparse.Namespace) -> int:
    from lab.bench.routing import bench_routing, render

    for path in args.scenarios:
        table, results = bench_routing(Path(path), args.policy)
        print(render(table, results, Path(path).stem))
    return 0


def _bench_bot(args: argparse.Namespace) -> int:
    from lab.bench.bot import run_bench

    return asyncio.run(run_bench(args.updates, args.concurrency, args.rounds, args.text))


def _bench_scheduler(args: argparse.Namespace) -> int:
    from lab.bench.scheduler import bench
    from lab.bench.support import SeriesShape

    series = None
    if args.every is not None or args.age_days is not None:
        if args.every is None or args.age_days is None or args.every < 1 or args.age_days < 0:
            print("give both --every SECONDS (1 or more) and --age-days D (0 or more)")
            return 2
        series = SeriesShape(timedelta(seconds=args.every), timedelta(days=args.age_days))
    return asyncio.run(bench(args.runs, args.workers, args.database, args.batch, series))


def _soak(args: argparse.Namespace) -> int:
    from lab.soak.fleet_soak import soak_fleet
    from lab.soak.run import soak

    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    kills = args.kills if args.kills is not None else max(1, round(seconds / 90))
    shape = (seconds, args.users, kills, args.every, args.tps, args.seed, args.database)
    if args.processes == 1:
        return asyncio.run(soak(*shape))
    if not (args.database or "").startswith("postgres"):
        sys.exit("arcflux soak: --processes above 1 needs --database postgresql://... (shared)")
    return asyncio.run(soak_fleet(*shape, processes=args.processes))


def _add_demo(commands: product.Commands) -> None:
    demo = commands.add_parser(
        "demo", help="the scripted story on the sandbox (the service on a free local port)"
    )
    demo.add_argument("--database", help="SQLite file to use (default: a temporary one)")
    demo.add_argument("--charts", default="demo-out", help="folder for the chart PNGs")
    demo.set_defaults(func=_demo)


def _add_eval(commands: product.Commands) -> None:
    evaluate = commands.add_parser("eval", help="evaluations").add_subparsers(
        dest="eval", required=True
    )
    intents = evaluate.add_parser("intents", help="score the intent agent on a JSONL file")
    intents.add_argument("file")
    intents.add_argument("--directory", help="directory.json (default: beside FILE)")
    intents.add_argument("--min-exact", type=float, help="fail under this exact-match share")
    intents.set_defaults(func=_eval_intents)


def _add_bench_intents_and_routing(bench: product.Commands) -> None:
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


def _add_bench_bot_and_scheduler(bench: product.Commands) -> None:
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
    scheduler.add_argument(
        "--every", type=int, metavar="SECONDS", help="runs of series repeating this often"
    )
    scheduler.add_argument(
        "--age-days", type=float, metavar="D", help="whose first run was D days ago"
    )
    scheduler.set_defaults(func=_bench_scheduler)


def _add_bench(commands: product.Commands) -> None:
    bench = commands.add_parser("bench", help="benchmarks that print figures").add_subparsers(
        dest="bench", required=True
    )
    _add_bench_intents_and_routing(bench)
    _add_bench_bot_and_scheduler(bench)


def _add_soak(commands: product.Commands) -> None:
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
    soak.add_argument(
        "--processes",
        type=int,
        default=1,
        help="service processes; above 1: webhook mode behind the fake Telegram, on --database",
    )
    soak.set_defaults(func=_soak)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, the product's and the lab's."""
    root, commands = product.new_parser()
    product.add_product_commands(commands)
    for add in (_add_demo, _add_eval, _add_bench, _add_soak):
        add(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    return product.main(argv, parser)


if __name__ == "__main__":
    sys.exit(main())
