"""Forged or mutated button payloads: refused, answered once, and no money moves."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.test_pay_by_message import onboard, toast

ALPHABET = "0123456789abcdefABCDEF:-_ /\\x\u00e9\u2603\x00"
PREFIXES = ["rev:ok", "rev:no", "ser:cancel", "inc:ack", "inc:chart", "who", "pay:no"]


async def ledger_state(container: Container) -> tuple[int, tuple[Any, ...]]:
    """How many journals there are and every wallet's balance: equal means nothing moved."""
    async with container.deps.uow() as uow:
        journals = len(await uow.wallets.journals())
        balances = []
        for user in await uow.users.all():
            funds = await uow.wallets.funds(user.id, "USDC")
            balances.append(funds[0] if funds else None)
    return journals, tuple(balances)


async def status_of(container: Container, payment_id: str) -> str:
    async with container.deps.uow() as uow:
        payment = await uow.payments.get(payment_id)
    assert payment is not None
    return payment.status.value


@st.composite
def forgeries(draw: st.DrawFn, genuine: str) -> str:
    """A payload near the genuine one (one edit, a cut, a graft, a swapped prefix) or noise."""
    kind = draw(st.sampled_from(["edit", "cut", "graft", "prefix", "noise"]))
    if kind == "edit":
        at = draw(st.integers(0, len(genuine) - 1))
        char = draw(st.sampled_from(ALPHABET).filter(lambda c: c != genuine[at]))
        return genuine[:at] + char + genuine[at + 1 :]
    if kind == "cut":
        return genuine[: draw(st.integers(0, len(genuine) - 1))]
    if kind == "graft":
        return genuine + draw(st.text(ALPHABET, min_size=1, max_size=8))
    if kind == "prefix":  # the genuine id and hash under another button's prefix
        return draw(st.sampled_from(PREFIXES)) + genuine.removeprefix("pay:ok")
    return draw(st.text(ALPHABET, max_size=64))


@pytest.fixture
async def card(chat: OfflineChat, people: dict[str, Any]) -> dict[str, str]:
    """Alice's card for 10 USDC to Bob, awaiting her tap (shared by every example)."""
    await onboard(chat, people)
    return buttons((await chat.say(people["alice"], "pay bob 10"))[0])


@given(data=st.data())
async def test_no_forged_or_mutated_confirm_button_moves_money(
    data: st.DataObject,
    chat: OfflineChat,
    people: dict[str, Any],
    container: Container,
    card: dict[str, str],
) -> None:
    genuine = card["Confirm"]
    forged = data.draw(forgeries(genuine), label="payload")
    tapper = data.draw(st.sampled_from(["alice", "bob", "mallory", "olga"]), label="tapper")
    if tapper != "alice":  # someone else's genuine button is a forgery too
        forged = data.draw(st.sampled_from([forged, genuine, card["Deny"]]), label="as")
    before = await ledger_state(container)
    calls = await chat.tap(people[tapper], forged, 1, people[tapper]["id"])
    toast(calls)  # every callback query is answered exactly once, whatever came in
    assert await ledger_state(container) == before, forged
    assert await status_of(container, genuine.split(":")[2]) == "awaiting_confirmation"


async def test_the_genuine_button_does_move_money(
    chat: OfflineChat, people: dict[str, Any], container: Container, card: dict[str, str]
) -> None:
    before = await ledger_state(container)
    await chat.tap(people["alice"], card["Confirm"], 1, people["alice"]["id"])
    assert (await ledger_state(container)) != before
    assert await status_of(container, card["Confirm"].split(":")[2]) == "completed"
