"""Chart helpers: one vectorised date conversion must equal matplotlib's per-moment one."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from matplotlib import dates as mdates

from bot.charts import style


def test_moments_in_any_zone_become_the_same_date_numbers_as_one_by_one() -> None:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # a DST night
    moments = [start + timedelta(minutes=45 * i) for i in range(8)] + [
        datetime(2026, 1, 1, tzinfo=UTC)
    ]
    assert style.x(moments) == [float(mdates.date2num(m)) for m in moments]
    assert style.x([]) == []
