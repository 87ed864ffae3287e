"""What a payer is told matches the money: never "nothing moved" once a run may have been sent."""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.composition.container import Container
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.scheduling.tick import deliver, tick
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.test_pay_by_message import card_for, onboard, texts
from tests.fakes import FrozenClock, RecordingNotifier

People = dict[str, dict[str, Any]]


@dataclass
class LockingRail:
    """A gateway that charges once per key, then (once) leaves the database locked by another
    process, so the settlement after the charge cannot write."""

    charges: dict[str, GatewayResult] = field(default_factory=dict)
    database: Path | None = None
    holder: sqlite3.Connection | None = None

    async def send(self, request: GatewayRequest) -> GatewayResult:
        key = request.idempotency_key
        result = GatewayResult("testgw", Outcome.SUCCEEDED, 10.0, reference=key)
        self.charges.setdefault(key, result)
        if self.database is not None and self.holder is None:
            self.holder = sqlite3.connect(self.database, isolation_level=None)
            self.holder.execute("BEGIN IMMEDIATE")
        return self.charges[key]

    def release(self) -> None:
        assert self.holder is not None
        self.holder.rollback()
        self.holder.close()


@pytest.fixture
def rail() -> LockingRail:  # type: ignore[override]
    return LockingRail()


async def test_a_charge_whose_settlement_fails_is_processing_and_recovery_sends_one_receipt(
    chat: OfflineChat, people: People, container: Container, rail: LockingRail, clock: FrozenClock
) -> None:
    await onboard(chat, people)
    card = await card_for(chat, people, "pay bob 10 usdc")
    rail.database = Path(container.settings.database_url.removeprefix("sqlite:///"))
    calls = await chat.tap(people["alice"], buttons(card)["Confirm"], 1, people["alice"]["id"])
    rail.release()

    [edited] = [t for t in texts(calls) if t.startswith(("Processing", "Paid", "Failed", "Some"))]
    assert edited.startswith("Processing: 10.00 USDC to “Bob”.") and "don't send it again" in edited
    assert "nothing moved" not in " ".join(texts(calls)).lower()
    clock.advance(seconds=container.deps.policy.run_lease.total_seconds() + 1)
    assert (await tick(container.deps)).recovered == 1
    notifier = RecordingNotifier()
    await deliver(container.deps, notifier)
    assert len(rail.charges) == 1  # recovery re-sent the same key: one charge
    kinds = sorted(n.key.split(":")[0] for n in notifier.sent)
    assert kinds == ["payee", "receipt"]  # the promised receipt, and the payee is told


async def test_the_same_payment_asked_again_minutes_later_asks_whether_it_is_a_second_one(
    chat: OfflineChat, people: People, clock: FrozenClock
) -> None:
    await onboard(chat, people)
    first = await card_for(chat, people, "pay bob 10 usdc")
    assert "Again?" not in first.params["text"]
    await chat.tap(people["alice"], buttons(first)["Confirm"], 1, people["alice"]["id"])
    clock.advance(minutes=3)
    again = await card_for(chat, people, "send bob 10 usdc")
    assert "Again? You already sent 10.00 USDC to “Bob” 3 min ago." in again.params["text"]
    other = await card_for(chat, people, "pay bob 11 usdc")
    assert "Again?" not in other.params["text"]
    clock.advance(minutes=30)
    later = await card_for(chat, people, "pay bob 10 usdc")
    assert "Again?" not in later.params["text"]
