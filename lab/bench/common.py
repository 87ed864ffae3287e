"""Shared helpers for benchmark output: percentiles and peak memory."""

import resource
import sys


def percentile(sorted_values: list[float], share: float) -> float:
    """The value at ``share`` (0–1) of an ascending list, nearest-rank."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def peak_memory_mib() -> float:
    """This process's peak resident memory in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
