"""The soak's printed figures."""

from collections import Counter
from dataclasses import dataclass

from lab.soak.audit import Audit
from lab.soak.driver import Record

MAX_FINDINGS = 20  # each finding is printed up to this many; the counts are always complete


@dataclass(frozen=True)
class Run:
    """How the soak was run."""

    seconds: float
    users: int
    database: str
    service_peaks_kib: list[int]
    driver_peak_kib: int


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counter.most_common()) or "none"


def _mib(kib: int | None) -> str:
    return f"{kib / 1024:.0f} MiB" if kib else "n/a (no /proc)"


def clean(found: Audit) -> bool:
    """No duplicates, nothing lost, the validator satisfied."""
    return not found.duplicates and not found.lost and found.validator_ok


def render(how: Run, record: Record, found: Audit) -> str:
    """Every figure, then the findings, then the verdict."""
    executed = found.runs["succeeded"]
    failed = sum(found.failures.values())
    startups = record.startups[1:] or [0.0]
    lines = [
        f"ArcFlux soak: {how.seconds:.0f} s, {how.users} users, {how.database}",
        f"payments asked:       {sum(record.asked.values())} ({_counts(record.asked)})",
        f"  chat outcomes:      {_counts(record.outcomes)}",
        f"  confirmed in chat:  {len(record.confirmed)} (Confirm tapped: {len(record.tapped)}; "
        f"operator approvals: {record.approvals})",
        f"payments stored:      {_counts(found.payments)}",
        f"runs executed:        {executed} (journals: {found.journals}, sandbox credits included)",
        f"runs not executed:    {failed} (failed, skipped, missed, cancelled)",
        f"  with reason:        {_counts(found.failures)}",
        f"runs still to come:   {found.runs['due']}",
        f"gateway attempts:     {_counts(found.charges)}",
        f"duplicates:           {len(found.duplicates)}",
        f"lost:                 {len(found.lost)}",
        f"in flight at stop:    {len(found.in_flight)} (charged, not yet posted when the service "
        "stopped: the next start re-sends them and gets the first result)",
        f"validator:            {found.validator[-1] if found.validator else 'no output'}",
        f"incidents:            opened {found.incidents_opened}, "
        f"resolved {found.incidents_resolved}",
        f"alerts sent:          {found.alerts_sent}",
        f"chaos injected:       {len(record.chaos)} "
        f"({_counts(Counter(c.split()[1] for c in record.chaos))})",
        f"kills and restarts:   {record.kills} SIGKILL, restarts took "
        f"{min(startups):.1f}–{max(startups):.1f} s",
        f"peak memory:          service {_mib(max(how.service_peaks_kib, default=None))} "
        f"(largest of {len(how.service_peaks_kib)} lives), driver {_mib(how.driver_peak_kib)}",
    ]
    for title, findings in (("duplicate", found.duplicates), ("lost", found.lost)):
        lines += [f"  {title}: {f}" for f in findings[:MAX_FINDINGS]]
    lines += [f"  validator: {line}" for line in found.validator[:-1][:MAX_FINDINGS]]
    lines.append("SOAK CLEAN" if clean(found) else "SOAK FOUND PROBLEMS")
    return "\n".join(lines)
