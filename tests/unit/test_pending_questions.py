"""The in-memory store of open questions keeps the database's rule: the newest one wins."""

from datetime import timedelta

from core.intent import Intent
from core.pending import InMemoryClarifications, pending_for
from tests.fakes import FrozenClock


async def test_an_older_question_put_late_does_not_replace_a_newer_one() -> None:
    store, clock = InMemoryClarifications(), FrozenClock()
    older = pending_for("pay bob", Intent(kind="pay", recipient="bob"), clock.now())
    newer = pending_for("pay carol", Intent(kind="pay", recipient="carol"), clock.now())
    newer = pending_for(newer.text, newer.intent, clock.now() + timedelta(seconds=1))
    await store.put(1, newer)
    await store.put(1, older)
    taken = await store.take(1, clock.now())
    assert taken is not None and taken.intent.recipient == "carol"
    await store.put(1, older)  # nor once the newer one was answered
    assert await store.take(1, clock.now()) is None
