"""Which intents a not-understood message is offered, and whether a reply is a new command."""

from bot.telegram.callbacks import SuggestionTap, parse_suggestion_tap
from core.intent import Contact
from core.parsing.commands import is_pay_command
from core.parsing.suggestions import SUGGESTABLE, suggested_intents

BOB = (Contact("bob", "Bob Jones", "bjones", ("bobby",)),)


def test_a_message_about_nothing_money_gets_no_suggestions() -> None:
    assert suggested_intents("what a lovely day", BOB) == ()


def test_money_talk_gets_every_suggestion() -> None:
    assert sorted(suggested_intents("ugh money is the worst", BOB)) == sorted(SUGGESTABLE)


def test_tense_and_people_put_the_likelier_intents_first() -> None:
    assert suggested_intents("bobby and the money last week", BOB)[:2] == ("history", "pay")
    assert suggested_intents("money stuff tomorrow?", BOB)[0] == "upcoming"
    assert suggested_intents("hmm 40", BOB)[0] == "pay"


def test_a_suggestion_button_round_trips_and_rejects_forgeries() -> None:
    tap = SuggestionTap("upcoming", 7001)
    assert parse_suggestion_tap(tap.encode()) == tap
    for forged in ("sg:pwn:7001", "sg:bal:0", "sg:bal:7001\n", "sg:bal:-1", "sg:bal"):
        assert parse_suggestion_tap(forged) is None


def test_a_reply_is_a_pay_command_only_when_it_asks_to_pay() -> None:
    assert is_pay_command("pay bob 7") and is_pay_command("send 8 to bobby")
    assert not is_pay_command("bobby") and not is_pay_command("7 usdc")
