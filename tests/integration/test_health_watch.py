"""The service tells operators when its ticks, database or Telegram fail, and when they recover."""

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.composition.container import Container
from bot.health_watch import HealthWatch
from core.alarms import AlarmPolicy, Alarms
from storage.models import OutboxRow
from tests.conftest import OPERATOR_ID
from tests.fakes import FrozenClock, RecordingNotifier


@dataclass
class TelegramDown:
    """Stands in for the Telegram link while Telegram does not answer."""

    answer: str = "unreachable: NetworkError"

    async def status(self) -> str:
        return self.answer


async def _queued(container: Container) -> list[str]:
    async with container.engine.connect() as db:
        rows = await db.execute(select(OutboxRow.chat_id, OutboxRow.text).order_by(OutboxRow.id))
        return [text for chat_id, text in rows if chat_id == OPERATOR_ID]


def _watch(container: Container, notifier: RecordingNotifier, **policy: object) -> HealthWatch:
    alarms = Alarms((OPERATOR_ID,), AlarmPolicy(**policy))  # type: ignore[arg-type]
    return HealthWatch(container, notifier, TelegramDown(), alarms)  # type: ignore[arg-type]


async def test_three_failed_ticks_in_a_row_alarm_once_and_recovery_is_told(
    container: Container, clock: FrozenClock
) -> None:
    watch = _watch(container, RecordingNotifier())
    for _ in range(5):
        await watch.tick_failed(RuntimeError("INSERT INTO people VALUES ('Alice')"))
        clock.advance(seconds=1)
    await watch.tick_worked()
    alarm, recovered = await _queued(container)
    assert alarm.startswith("🚨 Scheduler ticks are failing") and "RuntimeError" in alarm
    assert "Alice" not in alarm  # the class and a reference, never the error's text
    assert recovered.startswith("✅ Recovered")


async def test_a_database_that_takes_no_write_is_alarmed_directly_and_its_recovery_queued(
    container: Container,
) -> None:
    notifier = RecordingNotifier()
    watch = _watch(container, notifier, database_failures=1)
    other = sqlite3.connect(Path(container.settings.database_url.removeprefix("sqlite:///")))
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        await watch.check_database()
    finally:
        other.rollback()
        other.close()
    [alarm] = notifier.sent  # the outbox is in the database: sent straight to the operator
    assert alarm.chat_id == OPERATOR_ID and "The database is unreachable" in alarm.text
    await watch.check_database()
    assert [t[:12] for t in await _queued(container)] == ["✅ Recovered:"]


async def test_telegram_unreachable_for_minutes_is_alarmed_through_the_outbox(
    container: Container, clock: FrozenClock
) -> None:
    watch = _watch(container, RecordingNotifier(), telegram_after=timedelta(minutes=5))
    await watch.check_telegram()
    clock.advance(minutes=4)
    await watch.check_telegram()
    assert await _queued(container) == []
    clock.advance(minutes=1)
    await watch.check_telegram()
    [alarm] = await _queued(container)
    assert "Telegram is unreachable" in alarm
