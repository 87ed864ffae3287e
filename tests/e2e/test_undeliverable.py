"""A person who blocked the bot: their notice ends, they are marked unreachable, the payer hears."""

from datetime import timedelta

from sqlalchemy import select

from bot.composition.container import Container
from bot.telegram.notifier import TelegramNotifier
from core.notices import Notice
from core.scheduling.tick import NOTICE_LEASE, deliver, tick
from lab.offline_telegram import OfflineChat
from storage.models import OutboxRow, UserRow
from tests.fakes import FrozenClock
from tests.scheduling import ALICE, BOB, people, standing, weekly


async def test_a_payee_who_blocked_the_bot_is_not_retried_and_the_payer_is_told(
    chat: OfflineChat, container: Container, clock: FrozenClock
) -> None:
    ids = await people(container)
    first = clock.now() + timedelta(minutes=5)
    await standing(container, ids[BOB], "10", weekly(first, count=1))
    clock.current = first
    await tick(container.deps)
    chat.api.blocked.add(BOB)
    notifier = TelegramNotifier(chat.application.bot)

    await deliver(container.deps, notifier)
    clock.advance(seconds=NOTICE_LEASE.total_seconds() + 1)
    await deliver(container.deps, notifier)  # anything left would be retried now

    to_bob = [c for c in chat.api.sent() if c.params["chat_id"] == BOB]
    to_alice = [str(c.params["text"]) for c in chat.api.sent() if c.params["chat_id"] == ALICE]
    assert len(to_bob) == 1  # tried once, never again
    assert any(t.startswith("Paid 10.00 USDC to “Bob”") for t in to_alice)
    assert any("“Bob” was paid 10.00 USDC, but I could not tell them" in t for t in to_alice)
    async with container.engine.connect() as db:
        payee_notice = (
            await db.execute(select(OutboxRow).where(OutboxRow.dedupe_key.like("payee:%")))
        ).one()
        bob = (await db.execute(select(UserRow).where(UserRow.telegram_id == BOB))).one()
    assert payee_notice.undeliverable_at is not None and payee_notice.sent_at is None
    assert bob.unreachable_at is not None


async def test_a_notice_sent_after_its_lease_ran_out_is_not_marked_by_the_late_sender(
    container: Container, clock: FrozenClock
) -> None:
    now = clock.now()
    async with container.deps.uow() as uow:
        await uow.outbox.add([Notice("k:1", 42, "hello")], now)
        await uow.commit()
    async with container.deps.uow() as uow:
        [late] = await uow.outbox.lease(now, now + NOTICE_LEASE, 10)
        await uow.commit()
    later = now + NOTICE_LEASE + timedelta(seconds=1)
    async with container.deps.uow() as uow:
        [second] = await uow.outbox.lease(later, later + NOTICE_LEASE, 10)
        assert not await uow.outbox.mark_sent(late, later)  # the first sender's lease lapsed
        assert await uow.outbox.mark_sent(second, later)
        await uow.commit()
