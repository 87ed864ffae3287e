"""The service watching itself: ticks, the database and Telegram, reported to operator alarms.

Alarms go through the outbox like every notice; while the database itself is down they are
sent straight through Telegram instead (best-effort), since the outbox lives there.
"""

import logging
import secrets
from dataclasses import dataclass

from bot.services import Services
from bot.telegram.connection import TelegramLink
from core.alarms import Alarms, Part
from core.notices import Notice, Notifier

log = logging.getLogger(__name__)


@dataclass
class HealthWatch:
    """Turns each part's successes and failures into alarm notices for operators."""

    services: Services
    notifier: Notifier | None
    link: TelegramLink | None
    alarms: Alarms

    async def tick_failed(self, error: BaseException) -> None:
        """A scheduler tick raised: the first of an outage with its traceback, then one line."""
        ref = secrets.token_hex(4)
        if self.alarms.failing("ticks"):
            log.warning("tick failed again (%s, ref %s)", type(error).__name__, ref)
        else:
            log.error("tick failed (ref %s)", ref, exc_info=error)
        await self._failed("ticks", error, ref)

    async def tick_worked(self) -> None:
        """A tick ran through."""
        await self._worked("ticks")

    async def check_database(self) -> None:
        """Probe the database with a write; a failure counts toward its alarm."""
        answer = await self.services.database_takes_a_write()
        if answer == "ok":
            await self._worked("database")
        else:
            ref = secrets.token_hex(4)
            log.warning("database not ready: %s (ref %s)", answer, ref)
            await self._failed("database", RuntimeError(answer), ref, kind=answer)

    async def check_telegram(self) -> None:
        """Ask Telegram (getMe, cached); unreachable for minutes raises an alarm."""
        if self.link is None:
            return
        answer = await self.link.status()
        if answer == "ok":
            await self._worked("telegram")
        else:
            await self._failed("telegram", RuntimeError(answer), secrets.token_hex(4), kind=answer)

    async def _failed(
        self, part: Part, error: BaseException, ref: str, kind: str | None = None
    ) -> None:
        now = self.services.deps.clock.now()
        notices = self.alarms.failed(part, kind or type(error).__name__, ref, now)
        await self._tell(notices, through_outbox=part != "database")

    async def _worked(self, part: Part) -> None:
        notices = self.alarms.recovered(part, self.services.deps.clock.now())
        await self._tell(notices, through_outbox=True)

    async def _tell(self, notices: list[Notice], *, through_outbox: bool) -> None:
        if not notices:
            return
        if through_outbox:
            try:
                async with self.services.deps.uow() as uow:
                    await uow.outbox.add(notices, self.services.deps.clock.now())
                    await uow.commit()
                return
            except Exception as error:  # the outbox is in the database: fall back to Telegram
                log.warning(
                    "could not queue an alarm (%s); sending it directly", type(error).__name__
                )
        for notice in notices:
            await self._send_directly(notice)

    async def _send_directly(self, notice: Notice) -> None:
        if self.notifier is None:
            log.warning("alarm for operator %s not sent: no Telegram", notice.chat_id)
            return
        try:
            await self.notifier.notify(notice)
        except Exception as error:  # an alarm must never take the watch down
            log.warning("could not send an alarm (%s)", type(error).__name__)
