"""Many payers at once, and double taps racing: no overdraft, no double payment, ledger whole."""

import asyncio
import random
from collections import Counter
from decimal import Decimal

from bot.composition.container import Container
from core import people
from core.accounts import onboarding
from core.accounts.validate import validate
from core.errors import DomainError
from core.intent import Intent
from core.payments import proposals
from core.payments.proposals import Proposal
from core.queries.balance import read_balance
from core.states import PaymentStatus
from tests.fakes import IdempotentRail

PEOPLE = 6
CREDIT = Decimal(1000)


async def propose(system: Container, payer_tg: int, payee_id: str, amount: int) -> Proposal:
    async with system.deps.uow() as uow:
        payer = await people.registered_user(uow, payer_tg)
    intent = Intent(kind="pay", recipient=payee_id, amount=Decimal(amount), asset="USDC")
    return await proposals.propose(system.deps, payer, intent)


async def test_everyone_paying_everyone_at_once_with_double_taps_keeps_the_books_whole(
    system: Container, gateway: IdempotentRail
) -> None:
    ids = {}
    for tg in range(1, PEOPLE + 1):
        ids[tg] = (await onboarding.start(system.deps, tg, f"P{tg}", f"p{tg}")).user.id
    rnd = random.Random(11)
    # Each payer asks for more than their balance in total, so some confirms must fail.
    asks = [
        (payer, rnd.choice([p for p in ids if p != payer]), rnd.randint(150, 400))
        for payer in ids
        for _ in range(4)
    ]
    made = await asyncio.gather(
        *(propose(system, payer, ids[payee], amount) for payer, payee, amount in asks),
        return_exceptions=True,
    )
    cards = [(ask, p) for ask, p in zip(asks, made, strict=True) if isinstance(p, Proposal)]
    assert len(cards) > PEOPLE  # enough racing to mean something
    taps = [
        proposals.answer(system.deps, p.payment.id, p.payment.details_hash, payer, True)
        for (payer, _, _), p in cards
        for _ in range(2)  # a double tap on every card, both in flight together
    ]
    results = await asyncio.gather(*taps, return_exceptions=True)
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)
    ]
    assert not unexpected, unexpected  # refusals are plain; nothing crashed or deadlocked

    completed: Counter[str] = Counter()
    paid = {tg: Decimal(0) for tg in ids}
    async with system.deps.uow() as uow:
        for (payer, payee, amount), proposal in cards:
            payment = await uow.payments.get(proposal.payment.id)
            assert payment is not None
            if payment.status is PaymentStatus.COMPLETED:
                completed[payment.id] += 1
                paid[payer] -= amount
                paid[payee] += amount
    assert completed and all(n == 1 for n in completed.values())
    assert len(completed) < len(cards)  # balances ran out: overdraft refusals did happen
    assert len(gateway.charges) == len(completed)  # one charge per completed payment, no more
    for tg in ids:
        balance = (await read_balance(system.deps, tg)).balance
        assert balance >= 0
        assert balance == CREDIT + paid[tg], tg
    assert await validate(system.deps) == []


async def test_a_double_tap_pays_once_and_the_second_is_refused(
    system: Container, gateway: IdempotentRail
) -> None:
    alice = (await onboarding.start(system.deps, 1, "Alice", "alice")).user
    bob = (await onboarding.start(system.deps, 2, "Bob", "bob")).user
    for round_ in range(5):
        proposal = await propose(system, 1, bob.id, 10 + round_)
        pay = proposal.payment
        outcomes = await asyncio.gather(
            *(proposals.answer(system.deps, pay.id, pay.details_hash, 1, True) for _ in range(3)),
            return_exceptions=True,
        )
        done = [o for o in outcomes if not isinstance(o, BaseException)]
        refused = [o for o in outcomes if isinstance(o, DomainError)]
        assert (len(done), len(refused)) == (1, 2), outcomes
    assert len(gateway.charges) == 5
    assert (await read_balance(system.deps, 1)).balance == CREDIT - (10 + 11 + 12 + 13 + 14)
    assert alice.id != bob.id and await validate(system.deps) == []
