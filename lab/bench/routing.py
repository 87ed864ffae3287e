"""`arcflux bench routing`: replay a scenario with the production router and routing agent."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agents.routing import RoutingAgent
from core.routing.router import Router
from lab.routing.bench import POLICIES, format_table, run_bench


def langgraph_agent(router: Router) -> Callable[[float], object]:
    """The routing agent exactly as the service builds it (deterministic path: no model)."""
    return RoutingAgent(router).run


def bench_routing(scenario_path: Path, policy: str) -> tuple[str, list[dict[str, Any]]]:
    """The table and one result per policy ('all' = every policy)."""
    scenario = json.loads(scenario_path.read_text())
    policies = list(POLICIES) if policy == "all" else [policy]
    results = run_bench(scenario, policies, agent=langgraph_agent)
    return format_table(results), results


def render(table: str, results: list[dict[str, Any]], name: str) -> str:
    """A header, the table, then one JSON object per policy on its own line."""
    lines = [f"scenario: {name}", table]
    lines += [json.dumps(result, sort_keys=True) for result in results]
    return "\n".join(lines)
