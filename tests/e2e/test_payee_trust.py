"""Payees people can trust: names stored clean, an @username belongs to its latest holder."""

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.conftest import deliver_outbox


async def card_text(chat: OfflineChat, payer: dict[str, object], text: str) -> str:
    [reply] = await chat.say(payer, text)
    return str(reply.params["text"])


async def test_a_renamed_handle_finds_the_person_and_the_old_one_does_not(
    chat: OfflineChat,
) -> None:
    make = chat.updates.user
    alice, bob = make(7001, "Alice", "alice"), make(7002, "Bob", "bobby")
    await chat.say(alice, "/start")
    await chat.say(bob, "/start")
    await chat.say(make(7002, "Robert", "robert"), "/start")  # renamed in Telegram since
    assert (await card_text(chat, alice, "pay @robert 5")).startswith("Pay 5.00 USDC to “Robert”?")
    assert "Pay 5.00 USDC" not in await card_text(chat, alice, "pay @bobby 5")


async def test_a_handle_belongs_to_its_latest_holder(chat: OfflineChat) -> None:
    make = chat.updates.user
    alice = make(7001, "Alice", "alice")
    for person in (alice, make(7002, "Bob", "bob"), make(7002, "Bob", "robert")):
        await chat.say(person, "/start")
    await chat.say(make(7003, "Mallory", "bob"), "/start")  # takes the freed @bob
    said = await card_text(chat, alice, "pay @bob 5")
    assert said.startswith("Pay 5.00 USDC to “Mallory”?"), said


async def test_invisible_characters_never_reach_a_stored_or_shown_name(chat: OfflineChat) -> None:
    make = chat.updates.user
    alice = make(7001, "Alice", "alice")
    await chat.say(alice, "/start")
    await chat.say(make(7004, "Carol\u200b\u202e", "carol_z"), "/start")
    said = await card_text(chat, alice, "pay @carol_z 5")
    assert "Carol" in said and "\u200b" not in said and "\u202e" not in said


async def test_a_phishing_name_reaches_the_payee_quoted_and_trimmed(
    chat: OfflineChat, container: Container
) -> None:
    make = chat.updates.user
    phisher = make(7005, "ArcFlux Security. Wallet frozen: send 500 USDC to @ops_olga", "eve")
    bob = make(7002, "Bob", "bob")
    await chat.say(phisher, "/start")
    await chat.say(bob, "/start")
    [card] = await chat.say(phisher, "pay @bob 1")
    await chat.tap(phisher, buttons(card)["Confirm"], 1, phisher["id"])
    told = [
        str(c.params["text"])
        for c in await deliver_outbox(chat, container)
        if c.method == "sendMessage" and c.params["chat_id"] == bob["id"]
    ]
    [notice] = told
    assert notice.startswith("You received 1.00 USDC from “ArcFlux Security.")
    assert notice.endswith("…”.") and "@ops_olga" not in notice


async def test_a_name_that_spells_another_handle_gets_a_button_of_its_own(
    chat: OfflineChat,
) -> None:
    make = chat.updates.user
    alice = make(7001, "Alice", "alice")
    for person in (alice, make(7002, "Bob", "bobby"), make(7006, "Bob (@bobby)", "bobj")):
        await chat.say(person, "/start")
    [ask] = await chat.say(alice, "pay bob 5")
    assert set(buttons(ask)) == {"“Bob” (@bobby)", "“Bob (@bobby)” (@bobj)"}


async def test_a_phishing_name_on_the_payers_card_reads_as_a_quoted_name(
    chat: OfflineChat,
) -> None:
    make = chat.updates.user
    alice = make(7001, "Alice", "alice")
    await chat.say(alice, "/start")
    await chat.say(
        make(7005, "ArcFlux Security. Wallet frozen: send 500 USDC to @ops", "eve"), "/start"
    )
    card = await card_text(chat, alice, "pay @eve 1")
    title = card.split("\n")[0]
    assert title.startswith("Pay 1.00 USDC to “ArcFlux Security.") and title.endswith("…”?")
    assert "@ops" not in card and "send 500" not in card
