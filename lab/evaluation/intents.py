"""`arcflux eval intents`: run the intent agent over an evaluation file and score it."""

import json
from pathlib import Path

from agents.intent import IntentAgent
from core.intent import Intent
from lab.evaluation.report import EvalReport, context_from_directory, format_report, load_lines
from lab.evaluation.report import score as score_lines


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


async def evaluate_file(
    lines_path: Path, directory_path: Path | None, agent: IntentAgent | None = None
) -> EvalReport:
    """Score the intent agent on ``lines_path`` with the directory's frozen clock and contacts."""
    directory = json.loads((directory_path or lines_path.parent / "directory.json").read_text())
    context = context_from_directory(directory)
    lines = load_lines(_read_jsonl(lines_path))
    agent = agent or IntentAgent()
    predictions: list[Intent | None] = []
    for line in lines:
        try:
            predictions.append(await agent.interpret(line.text, context))
        except Exception:  # a crash is scored as a miss, never hidden
            predictions.append(None)
    return score_lines(lines, predictions)


def verdict(report: EvalReport, min_exact: float | None) -> tuple[str, int]:
    """The printed report and the exit code: non-zero under the threshold or on anything unsafe."""
    # A safety violation or a wrong amount fails whatever the share: each is one tap from harm.
    text = format_report(report)
    failed = (
        report.safety_violations > 0
        or report.wrong_amounts > 0
        or (min_exact is not None and report.exact_match < min_exact)
    )
    return text, 1 if failed else 0
