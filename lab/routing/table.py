"""The benchmark's human-readable table."""

from typing import Any

COLUMNS = (
    ("policy", "policy"),
    ("payments", "payments"),
    ("succeeded", "ok"),
    ("success_rate", "success"),
    ("regret_pp", "regret_pp"),
    ("attempts_per_payment", "att/pay"),
    ("detect_tx", "detect_tx"),
    ("detect_s", "detect_s"),
    ("lost", "lost"),
    ("false_trips", "false_trips"),
    ("flaps", "flaps"),
    ("recover_s", "recover_s"),
    ("p50_ms", "p50_ms"),
    ("p95_ms", "p95_ms"),
    ("decisions_per_s", "decisions/s"),
)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ",".join(_cell(key, v) for v in value) or "-"
    if key == "success_rate":
        return f"{100 * value:.2f}%"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_table(results: list[dict[str, Any]]) -> str:
    """One row per policy, columns aligned; lists (one value per fault event) comma-joined."""
    rows = [[title for _, title in COLUMNS]]
    rows += [[_cell(key, r.get(key)) for key, _ in COLUMNS] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    return "\n".join(lines)
