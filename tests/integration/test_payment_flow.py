"""The payment use cases end to end over real SQLite, without Telegram."""

import asyncio
from decimal import Decimal

import pytest

from bot.composition.container import Container
from core import people
from core.accounts import onboarding
from core.errors import (
    ConfirmationRefused,
    InsufficientFunds,
    InvalidAmount,
    SelfPayment,
    UnknownPayee,
)
from core.gateways import Outcome
from core.intent import Intent
from core.payments import proposals
from core.payments.proposals import Proposal
from core.queries.balance import read_balance
from core.states import PaymentStatus
from tests.fakes import FrozenClock, ScriptedRail

ALICE, BOB, MALLORY = 1, 2, 3


async def users(container: Container) -> dict[int, str]:
    ids = {}
    for tg, name in ((ALICE, "Alice Smith"), (BOB, "Bob Jones"), (MALLORY, "Mallory")):
        ids[tg] = (
            await onboarding.start(container.deps, tg, name, name.split()[0].lower())
        ).user.id
    return ids


async def ask(
    container: Container, payee_id: str | None, amount: str, asset: str = "USDC"
) -> Proposal:
    async with container.deps.uow() as uow:
        payer = await people.registered_user(uow, ALICE)
    intent = Intent(kind="pay", recipient=payee_id, amount=Decimal(amount), asset=asset)
    return await proposals.propose(container.deps, payer, intent)


async def balance(container: Container, tg: int) -> Decimal:
    return (await read_balance(container.deps, tg)).balance


async def test_start_credits_the_sandbox_balance_once(container: Container) -> None:
    first = await onboarding.start(container.deps, ALICE, "Alice", "alice")
    again = await onboarding.start(container.deps, ALICE, "Alice", "alice")
    assert (first.created, first.credited) == (True, Decimal(1000))
    assert (again.created, again.credited) == (False, Decimal(0))
    assert await balance(container, ALICE) == Decimal(1000)


async def test_confirm_executes_once_and_moves_the_money(
    container: Container, rail: ScriptedRail
) -> None:
    ids = await users(container)
    proposal = await ask(container, ids[BOB], "10")
    assert proposal.payment.status is PaymentStatus.AWAITING_CONFIRMATION
    assert "you have not paid this person before" in proposal.assessment.reasons
    result = await proposals.answer(
        container.deps, proposal.payment.id, proposal.payment.details_hash, ALICE, True
    )
    assert result.execution is not None and result.execution.succeeded
    assert result.payment.status is PaymentStatus.COMPLETED
    assert (await balance(container, ALICE), await balance(container, BOB)) == (
        Decimal(990),
        Decimal(1010),
    )
    assert len(rail.requests) == 1


async def test_deny_moves_nothing(container: Container, rail: ScriptedRail) -> None:
    ids = await users(container)
    proposal = await ask(container, ids[BOB], "10")
    result = await proposals.answer(
        container.deps, proposal.payment.id, proposal.payment.details_hash, ALICE, False
    )
    assert result.payment.status is PaymentStatus.DENIED and result.execution is None
    assert await balance(container, ALICE) == Decimal(1000) and rail.requests == []


async def test_a_second_tap_is_refused_and_moves_nothing(
    container: Container, rail: ScriptedRail
) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    await proposals.answer(container.deps, p.id, p.details_hash, ALICE, True)
    with pytest.raises(ConfirmationRefused, match="already confirmed"):
        await proposals.answer(container.deps, p.id, p.details_hash, ALICE, True)
    assert await balance(container, ALICE) == Decimal(990) and len(rail.requests) == 1


async def test_racing_double_taps_pay_exactly_once(
    container: Container, rail: ScriptedRail
) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    taps = [proposals.answer(container.deps, p.id, p.details_hash, ALICE, True) for _ in range(5)]
    results = await asyncio.gather(*taps, return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, ConfirmationRefused) for r in results if isinstance(r, Exception))
    assert await balance(container, ALICE) == Decimal(990) and len(rail.requests) == 1


async def test_a_stranger_tapping_confirm_is_refused(
    container: Container, rail: ScriptedRail
) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    with pytest.raises(ConfirmationRefused, match="belongs to someone else"):
        await proposals.answer(container.deps, p.id, p.details_hash, MALLORY, True)
    assert rail.requests == []


async def test_a_tap_with_other_details_is_refused(container: Container) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    with pytest.raises(ConfirmationRefused, match="don't match"):
        await proposals.answer(container.deps, p.id, "ffffffffff", ALICE, True)


async def test_a_tap_after_expiry_is_refused_and_the_payment_expires(
    container: Container, clock: FrozenClock, rail: ScriptedRail
) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    clock.advance(minutes=15)
    with pytest.raises(ConfirmationRefused, match="expired"):
        await proposals.answer(container.deps, p.id, p.details_hash, ALICE, True)
    async with container.deps.uow() as uow:
        stored = await uow.payments.get(p.id)
    assert stored is not None and stored.status is PaymentStatus.EXPIRED and rail.requests == []


async def test_the_expiry_sweep_expires_unanswered_confirmations(
    container: Container, clock: FrozenClock
) -> None:
    ids = await users(container)
    p = (await ask(container, ids[BOB], "10")).payment
    assert await proposals.expire_stale(container.deps) == []
    clock.advance(minutes=16)
    assert [e.id for e in await proposals.expire_stale(container.deps)] == [p.id]


async def test_a_gateway_failure_moves_nothing_and_releases_the_funds(
    container: Container, rail: ScriptedRail
) -> None:
    ids = await users(container)
    rail.outcome = Outcome.TIMEOUT
    p = (await ask(container, ids[BOB], "10")).payment
    result = await proposals.answer(container.deps, p.id, p.details_hash, ALICE, True)
    assert result.execution is not None and not result.execution.succeeded
    assert result.payment.status is PaymentStatus.FAILED
    view = await read_balance(container.deps, ALICE)
    assert (view.balance, view.available) == (Decimal(1000), Decimal(1000))


async def test_insufficient_funds_is_a_plain_sentence(container: Container) -> None:
    ids = await users(container)
    with pytest.raises(InsufficientFunds, match=r"You have 1,000\.00 USDC available"):
        await ask(container, ids[BOB], "1000.01")


async def test_paying_oneself_is_refused(container: Container) -> None:
    ids = await users(container)
    with pytest.raises(SelfPayment):
        await ask(container, ids[ALICE], "1")


async def test_an_unknown_payee_is_refused(container: Container) -> None:
    await users(container)
    with pytest.raises(UnknownPayee):
        await ask(container, None, "1")


@pytest.mark.parametrize("amount", ["0", "-1", "0.0000001"])
async def test_bad_amounts_are_refused_before_anything_is_stored(
    container: Container, amount: str
) -> None:
    ids = await users(container)
    with pytest.raises(InvalidAmount):
        await ask(container, ids[BOB], amount)
