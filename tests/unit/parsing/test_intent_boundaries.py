"""Intent boundaries beyond fixed keywords (eval README): pay vetoes, change of mind, and topic
cues for questions that never say balance, upcoming or history. The sentences are our own
paraphrases, not lines of the eval files, so they check that the rules generalise."""

import pytest

from agents.intent.nodes import normalise
from core.intent import IntentContext
from core.parsing import parse_intent
from core.parsing.pay_vetoes import VETOES, pay_veto
from core.parsing.text import flat, fold
from core.parsing.topic_cues import MONEY_TALK, respell


def parsed(text: str, ctx: IntentContext):  # type: ignore[no-untyped-def]
    """The parse as the product runs it (normalised first)."""
    return parse_intent(normalise({"text": text})["normalised"], ctx)  # type: ignore[typeddict-item]


def flat_of(text: str) -> str:
    return flat(fold(text))


@pytest.mark.parametrize(
    ("veto", "text"),
    [
        ("joke", "lol bob would die if I sent him 5k"),
        ("joke", "picture me wiring dave a million"),
        ("hypothetical", "if I won the lottery I'd send alice 20k"),
        ("hypothetical", "one day I'll send mom a yacht"),
        ("hypothetical", "send bob 50 when he asks"),
        ("report", "I gave priya 30 last night"),
        ("report", "bob got his 50 from me yesterday"),
        ("report", "paid erin back, we're even now"),
        ("outside", "paying erin back in cash tonight"),
        ("outside", "I'll transfer alice the money from my bank"),
        ("outside", "gonna settle up with frank at lunch"),
        ("doubt", "should I send frank 20?"),
        ("doubt", "would bob be happy with 30 usdc?"),
        ("doubt", "is 100 too much for alice's gift?"),
    ],
)
def test_each_veto_recognises_its_kind_of_talk(veto: str, text: str) -> None:
    assert VETOES[veto].search(respell(flat_of(text)))


@pytest.mark.parametrize(
    "text",
    [
        "send priya 20 usdc",
        "would you send bob 20 please",
        "can you pay alice 25?",
        "pay dave 75 on the last friday of every month",
        "pay bob 10 lol",
        "please pay mom 40 every sunday",
    ],
)
def test_a_plain_request_to_pay_is_never_vetoed(ctx: IntentContext, text: str) -> None:
    assert pay_veto(respell(flat_of(text))) is None
    assert parsed(text, ctx).kind == "pay"


@pytest.mark.parametrize(
    "text",
    [
        "lol imagine if I sent dave a billion usdc",
        "one day I'll send mom a million",
        "I'll hand bob the cash tomorrow",
        "bob got his 50 from me yesterday",
        "is it a good idea to pay dave 300 now",
        "would bob be happy with 30 usdc?",
        "i'll venmo priya 12 later",
        "if bob asks, send him 20",
        "send 20 usdc to bob. jk",
    ],
)
def test_talk_about_a_payment_is_never_a_pay_or_a_cancel(ctx: IntentContext, text: str) -> None:
    assert parsed(text, ctx).kind not in ("pay", "cancel")


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("never mind, forget the payment to alice", "alice"),
        ("I changed my mind, don't send bob the weekly 20 anymore", "bob"),
        ("drop bob's weekly transfer", "bob"),
        ("scrap the friday thing for priya", "priya"),
        ("dave doesn't need those monthly transfers anymore", "dave"),
        ("actually I don't want to send bob 20 every week", "bob"),
    ],
)
def test_a_change_of_mind_is_a_cancel_never_a_new_pay(
    ctx: IntentContext, text: str, recipient: str
) -> None:
    intent = parsed(text, ctx)
    assert (intent.kind, intent.recipient) == ("cancel", recipient)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what's my cash situation?", "balance"),
        ("how loaded am I right now", "balance"),
        ("euros?", "balance"),
        ("anything left in my pocket?", "balance"),
        ("what leaves my wallet on Friday?", "upcoming"),
        ("what payments are coming?", "upcoming"),
        ("anything going out to priya soon?", "upcoming"),
        ("what went out last week", "history"),
        ("payments so far this year", "history"),
        ("who got money from me this week?", "history"),
        ("how much can I still spend?", "balance"),
        ("what will I be paying on monday?", "upcoming"),
        ("show what went to mom", "history"),
        ("hi what can this do", "help"),
        ("I'm lost, what should I type?", "help"),
        ("first time here, any tips?", "help"),
    ],
)
def test_questions_without_the_keyword_find_their_topic(
    ctx: IntentContext, text: str, kind: str
) -> None:
    assert parsed(text, ctx).kind == kind


def test_chat_spellings_are_written_out_as_whole_words_only() -> None:
    assert respell(" wat did u send b4 ") == " what did you send before "
    assert respell(" pay u2 5 ") == " pay u2 5 "  # a handle is not a spelling


def test_money_talk_spots_messages_worth_suggestions() -> None:
    assert MONEY_TALK.search(flat_of("ugh money is the worst"))
    assert not MONEY_TALK.search(flat_of("what a lovely day"))
