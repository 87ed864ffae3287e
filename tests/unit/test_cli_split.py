"""The `arcflux` command: lab adds its subcommands to the product's, which stand alone."""

import pytest

from bot import cli as product_cli
from lab import cli as lab_cli

PRODUCT_COMMANDS = [["run"], ["validate"], ["audit", "--payment", "p1"], ["db", "upgrade"]]
LAB_COMMANDS = [
    ["demo", "--charts", "out"],
    ["eval", "intents", "dev.jsonl", "--min-exact", "0.95"],
    ["bench", "intents"],
    ["bench", "scheduler", "--runs", "500"],
    ["bench", "routing", "a.json", "b.json", "--policy", "oracle"],
    ["bench", "bot", "-n", "10", "--text", "pay {payee} 1 usdc"],
    ["soak", "--seconds", "12", "--users", "4"],
]


@pytest.mark.parametrize("argv", PRODUCT_COMMANDS + LAB_COMMANDS, ids=" ".join)
def test_the_console_command_accepts_every_subcommand(argv: list[str]) -> None:
    assert callable(lab_cli.parser().parse_args(argv).func)


@pytest.mark.parametrize("argv", PRODUCT_COMMANDS, ids=" ".join)
def test_the_product_parser_runs_its_own_subcommands_the_same_way(argv: list[str]) -> None:
    assert lab_cli.parser().parse_args(argv).func is product_cli.parser().parse_args(argv).func


@pytest.mark.parametrize("argv", LAB_COMMANDS, ids=" ".join)
def test_the_product_parser_knows_no_lab_subcommand(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        product_cli.parser().parse_args(argv)
