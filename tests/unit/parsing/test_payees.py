"""Payee resolution: every way to write a contact, typos, and near names that must not match."""

import pytest

from core.intent import Contact, IntentContext
from core.parsing import parse_intent, resolve_payee
from core.parsing.payees import contact_index, is_typo
from tests.unit.parsing.conftest import CONTACTS


@pytest.mark.parametrize(
    ("written", "contact_id"),
    [
        ("Alice Smith", "alice"),
        ("alice", "alice"),
        ("ALICE", "alice"),
        ("@bjones", "bob"),
        ("bjones", "bob"),
        ("bobby", "bob"),
        ("bobby's", "bob"),
        ("my mom", "carol"),
        ("Mom", "carol"),
        ("user two", "user2"),
        ("u2", "user2"),
        ("frank mueller", "frank"),
        ("Frank Müller", "frank"),
        ("Erin ONeil", "erin"),
        ("erin o’neil", "erin"),
        ("@erin_o", "erin"),
    ],
)
def test_each_way_of_writing_a_contact_resolves(written: str, contact_id: str) -> None:
    assert resolve_payee(written, CONTACTS).contact_id == contact_id


@pytest.mark.parametrize(
    ("written", "contact_id"),
    [
        ("Alcie", "alice"),
        ("Priay", "priya"),
        ("Dvae", "dave"),
        ("Frnak", "frank"),
        ("Alce", "alice"),
        ("alice smtih", "alice"),
    ],
)
def test_an_unmistakable_typo_of_one_contact_resolves(written: str, contact_id: str) -> None:
    assert resolve_payee(written, CONTACTS).contact_id == contact_id


@pytest.mark.parametrize(
    "written",
    [
        "Dan",
        "Eric",
        "Bob Smith",
        "Alice Jones",
        "Alicia",
        "Carl",
        "Fran",
        "@randomguy",
        "my landlord",
        "Smith",
        "",
    ],
)
def test_a_different_real_name_or_stranger_does_not_resolve(written: str) -> None:
    assert resolve_payee(written, CONTACTS).contact_id is None


def test_shared_first_name_is_ambiguous_and_lists_both_candidates() -> None:
    contacts = (*CONTACTS, Contact("bob2", "Bob Marley", "marley"))
    result = resolve_payee("Bob", contacts)
    assert result.contact_id is None
    assert set(result.candidates) == {"bob", "bob2"}
    assert resolve_payee("Bob Marley", contacts).contact_id == "bob2"


def test_typo_rule_allows_swaps_and_drops_but_not_substitutions() -> None:
    assert is_typo("alcie", "alice")
    assert is_typo("alce", "alice")
    assert not is_typo("eric", "erin")
    assert not is_typo("lice", "alice")  # dropping the initial is not a typo we trust


def test_unknown_payee_in_a_payment_gives_null_recipient_and_keeps_the_text(
    ctx: IntentContext,
) -> None:
    intent = parse_intent("pay Bob Smith 40 usdc", ctx)
    assert intent.kind == "pay"
    assert intent.recipient is None
    assert intent.recipient_text == "Bob Smith"
    assert "recipient" in intent.missing


def test_ambiguous_payee_in_a_payment_carries_candidates() -> None:
    from tests.unit.parsing.conftest import NOW

    contacts = (*CONTACTS, Contact("bob2", "Bob Marley", "marley"))
    intent = parse_intent("pay bob 20", IntentContext(now=NOW, contacts=contacts))
    assert intent.recipient is None
    assert set(intent.candidates) == {"bob", "bob2"}


def test_words_split_by_an_amount_are_not_one_name(ctx: IntentContext) -> None:
    intent = parse_intent("pay bob 40 march 20th at 10am", ctx)
    assert (intent.recipient, intent.recipient_text) == ("bob", "bob")


def test_the_contact_index_is_built_once_per_contacts_tuple_and_not_for_a_list() -> None:
    same = contact_index(CONTACTS)
    assert contact_index(CONTACTS) is same  # the directory hands every message this tuple
    rebuilt = contact_index(tuple(CONTACTS))  # equal, but another object: indexed afresh
    assert rebuilt.by_exact == same.by_exact
    listed = list(CONTACTS)
    first = contact_index(listed)
    listed.append(Contact("zed", "Zed Zulu"))  # a list can change, so it is never reused
    assert contact_index(listed) is not first
    assert resolve_payee("zed zulu", listed).contact_id == "zed"


def test_a_name_shared_by_two_contacts_lists_both_in_contact_order() -> None:
    twins = (Contact("b1", "Bob Jones"), Contact("x", "Xena"), Contact("b2", "Bob Marley"))
    assert resolve_payee("bob", twins).candidates == ("b1", "b2")
    assert resolve_payee("bob", twins[::-1]).candidates == ("b2", "b1")
