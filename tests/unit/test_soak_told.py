"""The soak's transcript: what payers were told, per fault, and which answers were lies."""

from lab.soak.audit import first_run_charged
from lab.soak.told import Card, Transcript, kind

ANNA, BEN = 7_100_001, 7_100_002


def _message(message_id: int, text: str) -> dict[str, object]:
    return {"message_id": message_id, "text": text}


def _with_card(payment: str = "pay-1", what: str = "12.50 USDC to Soak002") -> Transcript:
    told = Transcript()
    card = _message(5, f"Pay {what}?")
    told.saw(1.0, 1, ANNA, [card])
    told.card(1, ANNA, card, Card(payment, "one-off", what))
    return told


def test_messages_are_classed_by_what_they_say() -> None:
    assert kind("Processing: 1 USDC to Bob. You'll get a receipt here shortly") == "processing"
    assert kind("Paid 1.00 USDC to Bob.\nRef: abc") == "paid"
    assert kind("Failed: 1 USDC to Bob was not paid (timeout). Nothing moved.") == "failed"
    assert kind("Bob was paid 1 USDC, but I could not tell them: they can't") == "payee not told"
    assert kind("Something went wrong on my side. Please check /payments") == "error"
    assert kind("One more step to pay 5.90 USDC to Soak008: type the amount") == "step-up"
    assert kind("This confirmation expired; send the payment again.") == "expired"
    assert kind("Hello there") == "other"


def test_nothing_moved_on_the_card_of_a_charged_payment_is_a_lie() -> None:
    told = _with_card()
    told.saw(2.0, 1, ANNA, [_message(5, "Something went wrong on my side; nothing moved.")])
    lies = told.lies(charged={"pay-1"})
    assert len(lies) == 1
    assert "pay-1" in lies[0]


def test_nothing_moved_of_a_payment_no_gateway_charged_is_the_truth() -> None:
    told = _with_card()
    told.saw(2.0, 1, ANNA, [_message(5, "Something went wrong on my side; nothing moved.")])
    assert told.lies(charged={"another"}) == []


def test_a_separate_failure_naming_a_charged_one_off_is_a_lie() -> None:
    told = _with_card()
    failure = "Failed: 12.50 USDC to Soak002 was not paid (timeout). Nothing moved."
    told.saw(3.0, 1, ANNA, [_message(9, failure)])
    assert len(told.lies(charged={"pay-1"})) == 1


def test_a_failure_that_may_be_about_an_uncharged_twin_is_not_counted() -> None:
    told = _with_card()
    twin = _message(7, "Pay 12.50 USDC to Soak002?")
    told.saw(1.5, 1, ANNA, [twin])
    told.card(1, ANNA, twin, Card("pay-2", "one-off", "12.50 USDC to Soak002"))
    failure = "Failed: 12.50 USDC to Soak002 was not paid (timeout). Nothing moved."
    told.saw(3.0, 1, ANNA, [_message(9, failure)])
    assert told.lies(charged={"pay-1"}) == []


def test_another_payers_message_is_not_about_this_payment() -> None:
    told = _with_card()
    failure = "Failed: 12.50 USDC to Soak002 was not paid (timeout). Nothing moved."
    told.saw(3.0, 1, BEN, [_message(9, failure)])
    assert told.lies(charged={"pay-1"}) == []


def test_during_a_fault_counts_each_new_text_once_including_a_little_after() -> None:
    told = Transcript()
    told.saw(10.0, 1, ANNA, [_message(1, "Processing: 1 USDC to Bob.")])
    told.saw(11.0, 1, ANNA, [_message(1, "Processing: 1 USDC to Bob.")])  # only a toast changed
    told.saw(18.0, 1, ANNA, [_message(1, "Paid 1.00 USDC to Bob.")])
    told.saw(40.0, 1, ANNA, [_message(2, "Paid 2.00 USDC to Bob.")])
    assert told.between(9.0, 12.0) == {"processing": 1, "paid": 1}


def test_a_series_whose_first_run_failed_honestly_is_not_charged_for_its_card() -> None:
    runs = [("k1", "series"), ("k2", "series"), ("k3", "one-off")]
    assert first_run_charged(runs, charged={"k2", "k3"}) == {"one-off"}
