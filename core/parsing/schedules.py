"""Turn ``When`` facts into a canonical ``Schedule`` (RRULE + first run + zone)."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from core.parsing import when_calendar, when_repeat
from core.parsing.when import When, apply_rules
from core.schedule import Schedule

DEFAULT_TIME = (9, 0)  # product rule: an anchored schedule with no time of day runs at 09:00
# Bound on expansion when turning "for 3 weeks" into a run count (ten years of weekly runs).
_MAX_COUNTED = 520
_SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
# Order matters: counts and "every ..." must claim their numbers before dates and times do.
_RULES = [*when_repeat.RULES, *when_calendar.RULES]


def monthday_rule(day: int) -> str:
    """BYMONTHDAY that clips to short months: the 31st is April's 30th (rule 6)."""
    if day == -1 or day <= 28:
        return f"BYMONTHDAY={day}"
    days = ",".join(str(d) for d in range(28, day + 1))
    return f"BYMONTHDAY={days};BYSETPOS=-1"


def _clipped(year: int, month: int, day: int) -> date:
    """The date, or the month's last day when the month is too short."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if day == -1 else min(day, last))


def _at(day: date, hm: tuple[int, int] | None) -> datetime:
    """Naive local datetime of ``day`` at ``hm`` (09:00 when no time was given)."""
    return datetime.combine(day, time(*(hm or DEFAULT_TIME)))


def _first_after(body: str, start: datetime, inclusive: bool = False) -> datetime | None:
    """First occurrence of an RRULE body after ``start`` (naive local wall time)."""
    found = rrulestr(body, dtstart=start).after(start, inc=inclusive)
    return found if isinstance(found, datetime) else None


def _by_parts(w: When, freq: str) -> list[str]:
    """The BYxxx parts that anchor a recurring rule."""
    parts = []
    if freq == "YEARLY" and w.month:
        parts.append(f"BYMONTH={w.month}")
    if w.nth:
        parts.append("BYDAY=" + ",".join(w.nth))
    elif (w.weekdays and freq != "DAILY") or (w.weekdays and len(w.weekdays) < 7):
        parts.append("BYDAY=" + ",".join(dict.fromkeys(w.weekdays)))
    if w.more_days and freq == "MONTHLY":
        days = sorted({w.monthday or 1, *w.more_days})
        parts.append("BYMONTHDAY=" + ",".join(str(d) for d in days))
    elif w.monthday is not None and freq in ("MONTHLY", "YEARLY"):
        parts.append(monthday_rule(w.monthday))
    return parts


def _one_off(w: When, now: datetime) -> datetime:
    """The single run time a one-off names (``now`` when it names none)."""
    hm = w.time
    if w.delta is not None:
        return now + w.delta
    if w.month is not None and w.monthday is not None:
        year = w.year or now.year
        when = _at(_clipped(year, w.month, w.monthday), hm)
        return when if when > now or w.year else _at(_clipped(year + 1, w.month, w.monthday), hm)
    if w.nth:
        hh, mm = hm or DEFAULT_TIME
        found = _first_after(
            f"FREQ=MONTHLY;BYDAY={w.nth[0]};BYHOUR={hh};BYMINUTE={mm};BYSECOND=0",
            now.replace(microsecond=0),
        )
        return found or now
    if w.monthday is not None:
        when = _at(_clipped(now.year, now.month, w.monthday), hm)
        if when <= now:
            nxt = now.date().replace(day=1) + relativedelta(months=1)
            when = _at(_clipped(nxt.year, nxt.month, w.monthday), hm)
        return when
    if w.day_offset is not None:
        if w.day_offset == 0 and hm is None:
            return now
        return _at(now.date() + timedelta(days=w.day_offset), hm)
    if w.weekdays:
        target = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(w.weekdays[0])
        ahead = (target - now.weekday()) % 7
        when = _at(now.date() + timedelta(days=ahead), hm)
        if when <= now or (w.next_week and ahead == 0):
            when += timedelta(days=7)
        return when
    if hm is not None:
        when = _at(now.date(), hm)
        return when if when > now else when + timedelta(days=1)
    return now


def _recurring(w: When, now: datetime) -> tuple[datetime, str]:
    """First run and RRULE body of a repeating schedule (rules 2–4, 6)."""
    freq = w.freq or (
        "WEEKLY"
        if w.weekdays
        else "MONTHLY"
        if w.nth or w.monthday is not None
        else "YEARLY"
        if w.month
        else "DAILY"
    )
    if freq in _SUB_DAILY:  # "every 5 seconds" runs from now whatever else was said
        return now, f"FREQ={freq}" + (f";INTERVAL={w.interval}" if w.interval > 1 else "")
    by = _by_parts(w, freq)
    anchored = bool(by) or w.time is not None or w.day_offset not in (None, 0) or w.delta
    if not anchored and freq in ("MONTHLY", "YEARLY") and now.day > 28:
        by = [monthday_rule(now.day)]  # "monthly" from the 31st still runs in April
    body = ";".join([f"FREQ={freq}", *by])
    interval = f";INTERVAL={w.interval}" if w.interval > 1 else ""
    if not anchored:
        return now, body + interval
    start, inclusive = now.replace(microsecond=0), False
    if w.day_offset not in (None, 0) or w.delta or (w.month and freq != "YEARLY"):
        start, inclusive = _one_off(w, now).replace(hour=0, minute=0, second=0), True
    hh, mm = w.time or (DEFAULT_TIME if by or w.day_offset else (now.hour, now.minute))
    # Find the first run with interval 1: every-N rules count from the first run (rule 4).
    first = _first_after(f"{body};BYHOUR={hh};BYMINUTE={mm};BYSECOND=0", start, inclusive)
    return first or now, body + interval


def _count(w: When, first: datetime, body: str) -> int | None:
    """The run limit: given outright, or the runs that fit in "for 3 weeks"."""
    if w.count is not None or w.duration is None:
        return w.count
    n, unit = w.duration
    try:
        end = first + relativedelta(**{f"{unit}s": n})
    except (OverflowError, ValueError):
        return None
    total = 0
    for occurrence in rrulestr(body, dtstart=first):
        if occurrence >= end or total >= _MAX_COUNTED:
            break
        total += 1
    return total or None


def build_schedule(w: When, now: datetime, timezone: str) -> Schedule:
    """A Schedule from the facts in ``w``, computed in the user's wall time."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    naive = local_now.replace(tzinfo=None)
    if not (w.recurring or w.freq):
        run = _one_off(w, naive)
        return Schedule.once(local_now if run == naive else run.replace(tzinfo=zone), timezone)
    first, body = _recurring(w, naive)
    aware = local_now if first == naive else first.replace(tzinfo=zone)
    return Schedule(aware, timezone, body, _count(w, first, body))


def read_when(text: str) -> When:
    """Timing facts of folded ``text``: repetition and counts first, then calendar anchors."""
    return apply_rules(text, _RULES)


def parse_schedule(text: str, now: datetime, timezone: str = "UTC") -> Schedule:
    """The schedule a folded message asks for (a one-off at ``now`` when it names none)."""
    return build_schedule(read_when(text), now, timezone)
