"""Operator alarms for the service's own health: ticks failing, the database or Telegram gone.

One alarm per outage and part, raised once a part has failed long enough, and one "recovered"
notice when it works again; flapping within the quiet period raises nothing new. Alarms name
the error class and a reference, never the error's text (it can hold SQL and personal data).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from core.notices import Notice

Part = Literal["ticks", "database", "telegram"]
_WHAT = {
    "ticks": "Scheduler ticks are failing",
    "database": "The database is unreachable",
    "telegram": "Telegram is unreachable",
}


@dataclass(frozen=True)
class AlarmPolicy:
    """When a failing part becomes an alarm."""

    tick_failures: int = 3  # ticks failing in a row
    database_failures: int = 3  # health probes failing in a row
    telegram_after: timedelta = timedelta(minutes=5)  # unreachable for this long
    quiet: timedelta = timedelta(minutes=10)  # no second alarm of a part within this


@dataclass
class _Outage:
    since: datetime
    failures: int = 0
    error: str = ""
    raised: bool = False


@dataclass
class Alarms:
    """The health of each part as its callers report it; notices for operators when it turns."""

    operators: tuple[int, ...]
    policy: AlarmPolicy = field(default_factory=AlarmPolicy)
    _outages: dict[str, _Outage] = field(default_factory=dict)
    _last_raised: dict[str, datetime] = field(default_factory=dict)

    def failed(self, part: Part, error_class: str, ref: str, now: datetime) -> list[Notice]:
        """Record a failure of ``part``; the alarm notices if it has now failed long enough."""
        outage = self._outages.setdefault(part, _Outage(since=now))
        outage.failures += 1
        outage.error = error_class
        if outage.raised or not self._due(part, outage, now):
            return []
        last = self._last_raised.get(part)
        if last is not None and now - last < self.policy.quiet:
            return []
        outage.raised = True
        self._last_raised[part] = now
        text = f"🚨 {_WHAT[part]} since {_clock(outage.since)} UTC ({error_class}, ref {ref})."
        return self._notices(f"alarm:{part}:{outage.since.isoformat()}", text)

    def recovered(self, part: Part, now: datetime) -> list[Notice]:
        """Record that ``part`` works; a recovery notice if an alarm had been raised."""
        outage = self._outages.pop(part, None)
        if outage is None or not outage.raised:
            return []
        took = _duration(now - outage.since)
        text = f"✅ Recovered: {_WHAT[part].lower()} no more (down {took})."
        return self._notices(f"alarm-clear:{part}:{outage.since.isoformat()}", text)

    def failing(self, part: Part) -> bool:
        """Whether ``part`` has failed since it last worked."""
        return part in self._outages

    def raised(self, part: Part) -> bool:
        """Whether an alarm about ``part`` is open."""
        outage = self._outages.get(part)
        return outage is not None and outage.raised

    def _due(self, part: Part, outage: _Outage, now: datetime) -> bool:
        if part == "telegram":
            return now - outage.since >= self.policy.telegram_after
        limit = self.policy.tick_failures if part == "ticks" else self.policy.database_failures
        return outage.failures >= limit

    def _notices(self, key: str, text: str) -> list[Notice]:
        return [Notice(f"{key}:{chat}", chat, text) for chat in self.operators]


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S")


def _duration(span: timedelta) -> str:
    minutes, seconds = divmod(int(span.total_seconds()), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
