"""`arcflux bench intents`: parse latency over an evaluation set, after warm-up, and peak memory."""

import json
import time
from pathlib import Path

from agents.intent import IntentAgent
from core.intent import IntentContext
from core.parsing import parse_intent
from lab.bench.common import peak_memory_mib, percentile
from lab.evaluation.report import context_from_directory


def _load(lines_path: Path) -> tuple[list[str], IntentContext]:
    directory = json.loads((lines_path.parent / "directory.json").read_text())
    texts = [
        json.loads(line)["text"]
        for line in lines_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return texts, context_from_directory(directory)


async def bench_intents(lines_path: Path, rounds: int = 20) -> str:
    """Time the intent agent (the product path) and the bare parser on every line."""
    texts, context = _load(lines_path)
    agent = IntentAgent()
    for text in texts:  # warm-up: regex compilation, graph first run, caches
        await agent.interpret(text, context)
    agent_ms: list[float] = []
    parser_ms: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            await agent.interpret(text, context)
            agent_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            parse_intent(text, context)
            parser_ms.append((time.perf_counter() - start) * 1000)
    agent_ms.sort()
    parser_ms.sort()
    return "\n".join(
        [
            f"intent bench: {len(texts)} commands x {rounds} rounds, no model",
            f"agent (LangGraph)  p50 {percentile(agent_ms, 0.5):.3f} ms  "
            f"p99 {percentile(agent_ms, 0.99):.3f} ms",
            f"parser alone       p50 {percentile(parser_ms, 0.5):.3f} ms  "
            f"p99 {percentile(parser_ms, 0.99):.3f} ms",
            f"peak memory        {peak_memory_mib():.1f} MiB",
        ]
    )
