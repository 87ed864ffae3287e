"""The soak's printed figures."""

from collections import Counter
from dataclasses import dataclass

from lab.soak.audit import Audit
from lab.soak.driver import Record
from lab.soak.told import AFTER_FAULT_SECONDS, kind

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
    """No duplicates, nothing lost, no lies, the validator satisfied."""
    return not found.duplicates and not found.lost and not found.lies and found.validator_ok


def _faults(record: Record) -> list[str]:
    """One line per fault: when, how it went, and what the payers were told meanwhile."""
    lines = [
        f"faults:               {len(record.windows)} (told: messages payers saw during "
        f"each and {AFTER_FAULT_SECONDS:.0f} s after)"
    ]
    for w in record.windows:
        told = _counts(record.transcript.between(w.began, w.ended))
        lines.append(f"  fault {w.name}: {w.ended - w.began:.0f} s, {w.note}; told {told}")
    return lines


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
        f'lies:                 {len(found.lies)} ("nothing moved" told of a charged run)',
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
        *_faults(record),
        f"told overall:         {_counts(Counter(kind(s.text) for s in record.transcript.seen))}",
        f"peak memory:          service {_mib(max(how.service_peaks_kib, default=None))} "
        f"(largest of {len(how.service_peaks_kib)} lives), driver {_mib(how.driver_peak_kib)}",
    ]
    findings_by_title = (("duplicate", found.duplicates), ("lost", found.lost), ("lie", found.lies))
    for title, findings in findings_by_title:
        lines += [f"  {title}: {f}" for f in findings[:MAX_FINDINGS]]
    lines += [f"  validator: {line}" for line in found.validator[:-1][:MAX_FINDINGS]]
    lines.append("SOAK CLEAN" if clean(found) else "SOAK FOUND PROBLEMS")
    return "\n".join(lines)
