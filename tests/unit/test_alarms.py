"""Operator alarms: once per outage after a threshold, one recovery notice, no flapping spam."""

from datetime import UTC, datetime, timedelta

from core.alarms import AlarmPolicy, Alarms

T0 = datetime(2026, 3, 4, 10, tzinfo=UTC)
OPS = (900, 901)


def test_ticks_alarm_after_three_failures_in_a_row_once_to_each_operator() -> None:
    alarms = Alarms(OPS)
    assert alarms.failed("ticks", "OperationalError", "ab12", T0) == []
    assert alarms.failed("ticks", "OperationalError", "ab13", T0 + timedelta(seconds=1)) == []
    raised = alarms.failed("ticks", "OperationalError", "ab14", T0 + timedelta(seconds=2))
    assert [n.chat_id for n in raised] == list(OPS)
    assert "Scheduler ticks are failing" in raised[0].text and "ab14" in raised[0].text
    assert alarms.failed("ticks", "OperationalError", "ab15", T0 + timedelta(seconds=3)) == []


def test_a_success_between_failures_resets_the_count_and_raises_no_recovery() -> None:
    alarms = Alarms(OPS)
    alarms.failed("ticks", "E", "r", T0)
    alarms.failed("ticks", "E", "r", T0)
    assert alarms.recovered("ticks", T0) == []  # nothing was raised, nothing to clear
    assert alarms.failed("ticks", "E", "r", T0) == []


def test_recovery_is_told_once_with_how_long_it_was_down() -> None:
    alarms = Alarms(OPS, AlarmPolicy(database_failures=1))
    alarms.failed("database", "ConnectionRefusedError", "r1", T0)
    cleared = alarms.recovered("database", T0 + timedelta(minutes=2, seconds=5))
    assert len(cleared) == 2 and "Recovered" in cleared[0].text and "2 min 5 s" in cleared[0].text
    assert alarms.recovered("database", T0 + timedelta(minutes=3)) == []


def test_telegram_alarms_only_after_being_unreachable_for_minutes() -> None:
    alarms = Alarms(OPS, AlarmPolicy(telegram_after=timedelta(minutes=5)))
    assert alarms.failed("telegram", "NetworkError", "r", T0) == []
    assert alarms.failed("telegram", "NetworkError", "r", T0 + timedelta(minutes=4)) == []
    assert alarms.failed("telegram", "NetworkError", "r", T0 + timedelta(minutes=5)) != []


def test_a_flapping_part_raises_no_second_alarm_within_the_quiet_period() -> None:
    alarms = Alarms(OPS, AlarmPolicy(tick_failures=1, quiet=timedelta(minutes=10)))
    assert alarms.failed("ticks", "E", "r", T0)
    assert alarms.recovered("ticks", T0 + timedelta(minutes=1))
    assert alarms.failed("ticks", "E", "r", T0 + timedelta(minutes=2)) == []
    alarms.recovered("ticks", T0 + timedelta(minutes=3))
    assert alarms.failed("ticks", "E", "r", T0 + timedelta(minutes=12))


def test_alarms_never_carry_the_error_text_and_keys_differ_per_outage() -> None:
    alarms = Alarms(OPS, AlarmPolicy(tick_failures=1, quiet=timedelta(0)))
    first = alarms.failed("ticks", "IntegrityError", "r", T0)
    alarms.recovered("ticks", T0 + timedelta(minutes=1))
    second = alarms.failed("ticks", "IntegrityError", "r", T0 + timedelta(minutes=2))
    assert "INSERT" not in first[0].text and "IntegrityError" in first[0].text
    assert first[0].key != second[0].key
