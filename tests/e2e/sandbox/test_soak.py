"""`arcflux soak` end to end: the real service, SIGKILLed once and put through Telegram, database
and clock faults, must lose, double and lie about nothing."""

import subprocess
import sys
import time

from lab.soak.clock import find_library

SHORT = ["--seconds", "30", "--users", "4", "--kills", "1", "--every", "3", "--tps", "5"]
FAULTS = (
    "telegram down",
    "telegram 429",
    "payee blocked the bot (403)",
    "database locked",
    "wall clock +2 h",
)


def test_a_short_soak_with_a_kill_and_every_fault_loses_doubles_and_lies_about_nothing() -> None:
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "lab.cli", "soak", *SHORT],
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-4000:]
    figures = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert figures["duplicates"].strip() == "0"
    assert figures["lost"].strip() == "0"
    assert figures["lies"].strip().startswith("0 ")
    assert figures["validator"].strip() == "ledger is valid: no problems found"
    assert figures["kills and restarts"].strip().startswith("1 SIGKILL")
    assert int(figures["runs executed"].split()[0]) > 0
    assert figures["faults"].strip().startswith("5 ")
    for fault in FAULTS:
        assert "could not inject" not in figures[f"  fault {fault}"], out
    stepped = figures["  fault wall clock +2 h"]
    assert ("libfaketime" in stepped) if find_library() else ("skipped" in stepped)
    assert "SOAK CLEAN" in out
    print(f"soak test took {time.monotonic() - began:.0f} s")
