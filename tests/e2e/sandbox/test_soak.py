"""`arcflux soak` end to end: the real service, SIGKILLed once, must lose and double nothing."""

import subprocess
import sys
import time

SHORT = ["--seconds", "12", "--users", "4", "--kills", "1", "--every", "3", "--tps", "5"]


def test_a_short_soak_with_a_kill_and_restart_loses_and_doubles_nothing() -> None:
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
    assert figures["validator"].strip() == "ledger is valid: no problems found"
    assert figures["kills and restarts"].strip().startswith("1 SIGKILL")
    assert int(figures["runs executed"].split()[0]) > 0
    assert "SOAK CLEAN" in out
    print(f"soak test took {time.monotonic() - began:.0f} s")
