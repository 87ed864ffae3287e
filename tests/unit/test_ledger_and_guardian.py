from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.entities import Entry, Journal, RiskLevel
from core.ledger import UnbalancedJournal, assert_balanced, imbalance, transfer
from core.rules.engine import RiskFeatures, band, evaluate

NOW = datetime(2026, 3, 4, 10, tzinfo=UTC)


def test_a_transfer_balances_to_zero_per_asset() -> None:
    journal = transfer(
        journal_id="j",
        key="k",
        kind="payment",
        source_account="a",
        target_account="b",
        asset="USDC",
        amount=Decimal("10.5"),
        at=NOW,
    )
    assert imbalance(journal.entries) == {}
    assert [e.amount for e in journal.entries] == [Decimal("-10.5"), Decimal("10.5")]


def test_an_unbalanced_journal_is_refused() -> None:
    bad = Journal(
        "j", "k", "payment", (Entry("a", "USDC", Decimal(-1)), Entry("b", "USDC", Decimal(2))), NOW
    )
    with pytest.raises(UnbalancedJournal):
        assert_balanced(bad)


def test_amounts_in_different_assets_do_not_offset() -> None:
    mixed = (Entry("a", "USDC", Decimal(-1)), Entry("b", "EUR", Decimal(1)))
    assert imbalance(mixed) == {"USDC": Decimal(-1), "EUR": Decimal(1)}


def test_a_transfer_must_move_a_positive_amount() -> None:
    with pytest.raises(UnbalancedJournal):
        transfer(
            journal_id="j",
            key="k",
            kind="p",
            source_account="a",
            target_account="b",
            asset="USDC",
            amount=Decimal(0),
            at=NOW,
        )


def features(
    amount: str, available: str = "1000", new: bool = False, cap: str = "10000"
) -> RiskFeatures:
    return RiskFeatures(Decimal(amount), "USDC", Decimal(available), new, Decimal(cap))


def test_a_small_payment_to_a_known_payee_is_allowed_with_score_zero() -> None:
    decision = evaluate(features("10"))
    assert (decision.score, decision.level, decision.hits) == (0, RiskLevel.ALLOW, ())


def test_a_new_recipient_adds_weight_and_says_why() -> None:
    decision = evaluate(features("10", new=True))
    assert decision.score == 20 and decision.level is RiskLevel.ALLOW
    assert decision.reasons == ("you have not paid this person before",)


def test_most_of_the_balance_to_a_new_payee_needs_step_up() -> None:
    decision = evaluate(features("600", new=True))
    assert decision.level is RiskLevel.STEP_UP
    assert set(decision.hits) == {"new_recipient", "large_share_of_balance"}


def test_emptying_the_wallet_to_a_new_payee_reaches_step_up_with_all_reasons() -> None:
    decision = evaluate(features("950", new=True))
    assert decision.score == 60
    assert decision.level is RiskLevel.STEP_UP


def test_over_the_cap_is_blocked_before_any_weights() -> None:
    decision = evaluate(features("20000", new=True))
    assert decision.level is RiskLevel.BLOCK and decision.hits == ("over_cap",)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "allow"), (39, "allow"), (40, "step_up"), (74, "step_up"), (75, "block"), (100, "block")],
)
def test_bands_split_at_40_and_75(score: int, level: str) -> None:
    assert band(score) == RiskLevel(level)
