"""A model's proposal is kept only where the user's own text supports it."""

from datetime import UTC, datetime
from decimal import Decimal

from core.intent import Contact, Intent, IntentContext
from core.parsing.grounding import ground

CONTEXT = IntentContext(
    now=datetime(2026, 3, 4, 10, tzinfo=UTC),
    contacts=(Contact("bob", "Bob Jones", "bjones"), Contact("kim", "Kim Park", "kimp")),
)
PAY_NO_AMOUNT = Intent(kind="pay", recipient="bob", recipient_text="bob", missing=("amount",))
UNKNOWN = Intent(kind="unknown")


def proposal(**values: object) -> dict[str, object]:
    return {
        "intent": "pay",
        "recipient": None,
        "amount": None,
        "asset": None,
        "cancel_all": False,
    } | values


def test_an_amount_the_text_writes_fills_the_gap() -> None:
    text = "give bob what we said, twenty"
    merged = ground(proposal(recipient="bob", amount="20"), PAY_NO_AMOUNT, text, CONTEXT)
    assert (merged.amount, merged.missing, merged.parser) == (Decimal(20), (), "llm")


def test_an_amount_the_text_does_not_write_is_discarded() -> None:
    merged = ground(proposal(amount="5000"), PAY_NO_AMOUNT, "pay bob", CONTEXT)
    assert merged == PAY_NO_AMOUNT


def test_a_payee_the_text_does_not_name_is_discarded() -> None:
    base = Intent(kind="pay", amount=Decimal(5), missing=("recipient",))
    merged = ground(
        proposal(recipient="Kim Park", amount="5"), base, "send 5 to my friend", CONTEXT
    )
    assert merged.recipient is None and merged.missing == ("recipient",)


def test_a_named_payee_fills_the_gap_when_exactly_one_contact_fits() -> None:
    base = Intent(kind="pay", amount=Decimal(5), missing=("recipient",))
    merged = ground(
        proposal(recipient="kimp", amount="5"), base, "5 bucks over to kimp pls", CONTEXT
    )
    assert merged.recipient == "kim" and merged.missing == ()


def test_a_model_can_never_turn_a_non_payment_into_a_payment() -> None:
    text = "remind me to pay bob 20 tomorrow"
    assert ground(proposal(recipient="bob", amount="20"), UNKNOWN, text, CONTEXT) == UNKNOWN


def test_a_model_can_never_turn_a_non_payment_into_a_cancellation() -> None:
    cancel = {
        "intent": "cancel",
        "recipient": "bob",
        "amount": None,
        "asset": None,
        "cancel_all": True,
    }
    assert ground(cancel, UNKNOWN, "refund my transfer to bob", CONTEXT) == UNKNOWN


def test_a_model_may_name_a_harmless_kind_for_an_unknown_message() -> None:
    merged = ground({"intent": "balance"}, UNKNOWN, "hows my stash looking", CONTEXT)
    assert (merged.kind, merged.parser) == ("balance", "llm")


def test_an_asset_is_taken_only_when_the_text_names_it() -> None:
    base = Intent(kind="pay", recipient="bob", amount=Decimal(5))
    assert ground(proposal(asset="EUR"), base, "pay bob 5", CONTEXT).asset == "USDC"
    assert ground(proposal(asset="EUR"), base, "pay bob 5 in euros", CONTEXT).asset == "EUR"


def test_garbage_proposals_change_nothing() -> None:
    for junk in (
        {},
        {"intent": 7},
        {"intent": "pay", "amount": "NaN"},
        {"intent": "pay", "recipient": ["x"]},
    ):
        assert ground(junk, PAY_NO_AMOUNT, "pay bob", CONTEXT) == PAY_NO_AMOUNT


def test_a_vetoed_text_never_becomes_a_pay_whatever_the_base() -> None:
    # Even a pay reaching grounding (from any parser) is refused when the words rule it out.
    base = Intent(kind="pay", recipient="bob", amount=Decimal(50))
    for text in ("lol imagine paying bob 50", "I'll hand bob 50 in cash", "paid bob 50 yesterday"):
        merged = ground(proposal(recipient="bob", amount="50"), base, text, CONTEXT)
        assert merged.kind == "unknown", text


def test_a_model_cannot_turn_a_joke_into_a_pay() -> None:
    text = "haha picture me sending bob 5k"
    merged = ground(proposal(recipient="bob", amount="5000"), UNKNOWN, text, CONTEXT)
    assert merged.kind == "unknown"


def test_a_model_cannot_settle_an_amount_the_user_left_unclear() -> None:
    unclear = Intent(kind="pay", recipient="bob", missing=("amount",), amount_doubts=("7", "9"))
    merged = ground(proposal(recipient="bob", amount="7"), unclear, "pay bob 7 or 9", CONTEXT)
    assert merged.amount is None and merged.missing == ("amount",)
