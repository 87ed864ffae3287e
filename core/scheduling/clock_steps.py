"""Wall-clock steps between ticks (an NTP correction, a resumed VM), told apart from time passing.

A run is missed when it is found later than the misfire window, and an executing run is
re-sent when its lease runs out; both are measured on the wall clock. A forward step of the
wall clock would make on-time runs look missed and live leases look dead, so the ticks
measure elapsed time on a monotonic clock too and widen both windows by a recent step.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

TOLERANCE = timedelta(seconds=30)  # smaller differences are scheduling jitter, not a step


@dataclass
class ClockSteps:
    """Readings of the wall and monotonic clocks at each tick, and the forward steps seen."""

    tolerance: timedelta = TOLERANCE
    _last: tuple[datetime, float] | None = None
    _steps: list[tuple[datetime, timedelta]] = field(default_factory=list)

    def observe(self, wall: datetime, monotonic: float) -> timedelta | None:
        """Record one tick's readings; the forward step since the last, if beyond tolerance."""
        last, self._last = self._last, (wall, monotonic)
        if last is None:
            return None
        step = (wall - last[0]) - timedelta(seconds=monotonic - last[1])
        if step <= self.tolerance:
            return None
        self._steps.append((wall, step))
        return step

    def allowance(self, now: datetime, window: timedelta) -> timedelta:
        """How much later than ``window`` a run may be found because of recent steps."""
        self._steps = [(at, step) for at, step in self._steps if now - at < window + step]
        return sum((step for _, step in self._steps), timedelta(0))
