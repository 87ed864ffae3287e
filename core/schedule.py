"""Schedules in canonical form: an RRULE plus first run and timezone, or a single run."""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


@dataclass(frozen=True)
class Schedule:
    """When a payment runs: ``rrule`` is None for a one-off at ``first_run``."""

    first_run: datetime  # timezone-aware
    timezone: str = "UTC"
    rrule: str | None = None  # RFC 5545 RRULE body, e.g. "FREQ=WEEKLY;BYDAY=FR"
    count: int | None = None  # limit on the number of runs, if the user gave one

    @classmethod
    def once(cls, when: datetime, timezone: str = "UTC") -> "Schedule":
        """A single run at ``when``."""
        return cls(first_run=when, timezone=timezone)

    @property
    def is_recurring(self) -> bool:
        """True when the schedule repeats."""
        return self.rrule is not None

    @property
    def zone(self) -> tzinfo:
        """The user's timezone as a tzinfo."""
        return ZoneInfo(self.timezone)

    def runs(self, limit: int) -> list[datetime]:
        """The first ``limit`` run times, aware, in the schedule's timezone."""
        start = self.first_run.astimezone(self.zone)
        if self.rrule is None:
            return [start][:limit]
        # Expand in local wall time so a 09:00 rule stays 09:00 across DST changes.
        naive_start = start.replace(tzinfo=None)
        rule = rrulestr(self.rrule, dtstart=naive_start)
        wanted = limit if self.count is None else min(limit, self.count)
        out: list[datetime] = []
        for occurrence in rule:
            if len(out) >= wanted:
                break
            out.append(occurrence.replace(tzinfo=self.zone))
        return out

    def next_after(self, moment: datetime) -> datetime | None:
        """The first run strictly after ``moment``, or None once the series has ended."""
        start = self.first_run.astimezone(self.zone)
        if self.rrule is None:
            return start if start > moment else None
        rule = rrulestr(self.rrule, dtstart=start.replace(tzinfo=None))
        if self.count is not None:
            # Bounded by count, so walking from the start is cheap and counts every occurrence.
            for index, occurrence in enumerate(rule):
                if index >= self.count:
                    return None
                aware = occurrence.replace(tzinfo=self.zone)
                if aware > moment:
                    return aware
            return None
        local = moment.astimezone(self.zone).replace(tzinfo=None)
        while True:
            found = rule.after(local)
            if found is None:
                return None
            aware = found.replace(tzinfo=self.zone)
            if aware > moment:  # wall-time ties in a repeated DST hour: keep walking
                return aware
            local = found

    def describe_key(self) -> str:
        """A stable text form used in confirmation hashes."""
        return f"{self.first_run.isoformat()}|{self.timezone}|{self.rrule or ''}|{self.count or ''}"
