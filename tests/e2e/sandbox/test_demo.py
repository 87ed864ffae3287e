"""`arcflux demo` tells the whole story on the sandbox and writes the charts it was sent."""

from pathlib import Path

import pytest

from lab.demo import run_demo

PNG = b"\x89PNG\r\n\x1a\n"


async def test_the_demo_story_runs_on_the_sandbox_and_adds_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run_demo(database=str(tmp_path / "demo.db"), charts=str(tmp_path / "charts"))
    transcript = capsys.readouterr().out
    assert code == 0, transcript
    assert "on the sandbox at http://127.0.0.1:" in transcript
    for line in (
        "Alice taps [Confirm]",
        "    bot edits Alice's message to Paid 10.00 USDC to “Bob”.",
        "    bot (toast to Alice) You already confirmed this payment.",
        "    bot → Olga: Incident on circle: breaker open",
        "    bot (toast to Olga) Acknowledged: circle.",
        "    bot → Alice: Balance: 980.00 USDC",
        "    bot → Bob: Balance: 1,020.00 USDC",
        "   validate: no problems",
    ):
        assert line in transcript.splitlines(), line
    # The weekly payment ran twice: once on Confirm, once a demo week later by the scheduler.
    assert transcript.count("    bot → Bob: You received 5.00 USDC from “Alice”.") == 2
    charts = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert charts == ["balance.png", "latency.png", "spending.png", "success.png", "traffic.png"]
    assert all((tmp_path / "charts" / name).read_bytes().startswith(PNG) for name in charts)
