"""Schedules in canonical form: an RRULE plus first run and timezone, or a single run."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from core.recurrence import Recurrence, parsed_rule, recurrence

__all__ = ["Schedule", "parsed_rule"]

_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
# Wider than any gap between two UTC offsets of one zone, so that wall times this far from a
# moment are surely on the same side of it in real time.
_OFFSET_MARGIN = timedelta(days=2)


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

    @property
    def _expansion_zone(self) -> tzinfo:
        """Where the rule is expanded: wall time, except for sub-daily rules (real time).

        A 09:00 daily rule stays 09:00 across DST changes; "every hour" means every elapsed
        hour, which wall time gets wrong at the changes (a skipped hour doubled a run).
        """
        sub_daily = self.rrule is not None and any(
            f"FREQ={freq}" in self.rrule for freq in _SUB_DAILY
        )
        return UTC if sub_daily else self.zone

    def runs(self, limit: int) -> list[datetime]:
        """The first ``limit`` run times, aware, in the schedule's timezone."""
        if self.rrule is None:
            return [self.first_run.astimezone(self.zone)][:limit]
        series, zone = self._series()
        wanted = limit if self.count is None else min(limit, self.count)
        return [found.replace(tzinfo=zone).astimezone(self.zone) for found in series.first(wanted)]

    def _series(self) -> tuple[Recurrence, tzinfo]:
        """The rule from its first run, and the zone it is expanded in."""
        assert self.rrule is not None
        zone = self._expansion_zone
        naive_start = self.first_run.astimezone(zone).replace(tzinfo=None)
        return recurrence(self.rrule, naive_start), zone

    def next_after(self, moment: datetime) -> datetime | None:
        """The first run strictly after ``moment``, or None once the series has ended.

        Read from the period that holds ``moment``: the cost does not grow with the series' age.
        """
        if self.rrule is None:
            start = self.first_run.astimezone(self.zone)
            return start if start > moment else None
        series, zone = self._series()
        found = series.after(moment.astimezone(zone).replace(tzinfo=None))
        while found is not None and found.replace(tzinfo=zone) <= moment:
            found = series.after(found)  # wall-time ties in a repeated DST hour: keep walking
        if found is None:
            return None
        if self.count is not None and series.count(series.start, found, self.count) >= self.count:
            return None
        return found.replace(tzinfo=zone).astimezone(self.zone)

    def count_between(self, start: datetime, end: datetime) -> int:
        """How many runs fall in ``[start, end)``, counted without listing the series."""
        if self.rrule is None:
            return int(start <= self.first_run < end)
        if self.count is None:
            return self._count_window(start, end)
        return max(0, self._runs_before(end) - self._runs_before(start))

    def _margin(self, zone: tzinfo) -> timedelta:
        """How far wall time and real time may disagree in ``zone``."""
        fixed = zone is UTC or getattr(zone, "key", None) == "UTC"
        return timedelta(0) if fixed else _OFFSET_MARGIN

    def _count_window(self, start: datetime, end: datetime) -> int:
        """Runs in ``[start, end)`` of an endless series: the middle counted, the edges checked."""
        series, zone = self._series()
        margin = self._margin(zone)
        low = start.astimezone(zone).replace(tzinfo=None)
        high = end.astimezone(zone).replace(tzinfo=None)
        if high - low <= 2 * margin:
            edges = series.between(low - margin, high + margin)
            inner = 0
        else:
            edges = series.between(low - margin, low + margin)
            edges += series.between(high - margin, high + margin)
            inner = series.count(low + margin, high - margin)
        return inner + sum(1 for found in edges if start <= found.replace(tzinfo=zone) < end)

    def _runs_before(self, moment: datetime) -> int:
        """How many of a counted series' runs fall before ``moment``."""
        assert self.count is not None
        series, zone = self._series()
        margin = self._margin(zone)
        local = moment.astimezone(zone).replace(tzinfo=None)
        before = series.count(series.start, local - margin, self.count)
        near = series.between(local - margin, local + margin)
        return min(self.count, before + sum(1 for f in near if f.replace(tzinfo=zone) < moment))

    def describe_key(self) -> str:
        """A stable text form used in confirmation hashes."""
        return f"{self.first_run.isoformat()}|{self.timezone}|{self.rrule or ''}|{self.count or ''}"
