"""A series' rule is parsed once and shared; sharing never changes what it yields."""

from datetime import datetime
from itertools import islice

from core.schedule import parsed_rule


def test_one_series_shares_one_parsed_rule_and_each_walk_starts_afresh() -> None:
    start = datetime(2026, 11, 27, 9, 0)
    rule = parsed_rule("FREQ=WEEKLY;BYDAY=FR", start)
    assert parsed_rule("FREQ=WEEKLY;BYDAY=FR", start) is rule
    first_walk = list(islice(rule, 3))
    assert (
        list(islice(rule, 5))[:3]
        == first_walk
        == [
            datetime(2026, 11, 27, 9, 0),
            datetime(2026, 12, 4, 9, 0),
            datetime(2026, 12, 11, 9, 0),
        ]
    )


def test_a_different_start_is_a_different_series() -> None:
    later = parsed_rule("FREQ=WEEKLY;BYDAY=FR", datetime(2026, 12, 4, 10, 30))
    assert next(iter(later)) == datetime(2026, 12, 4, 10, 30)
