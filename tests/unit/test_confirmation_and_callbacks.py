from datetime import UTC, datetime
from decimal import Decimal

from bot.telegram.callbacks import MAX_CALLBACK_BYTES, PayAnswer, parse_pay_answer
from core.confirmation import details_hash, run_idempotency_key
from core.schedule import Schedule

WHEN = Schedule.once(datetime(2026, 3, 4, 10, tzinfo=UTC))


def test_the_hash_changes_when_any_shown_detail_changes() -> None:
    base = details_hash("payer", "payee", Decimal(10), "USDC", WHEN)
    assert base == details_hash("payer", "payee", Decimal("10.00"), "USDC", WHEN)
    assert base != details_hash("payer", "payee", Decimal(11), "USDC", WHEN)
    assert base != details_hash("payer", "other", Decimal(10), "USDC", WHEN)
    assert base != details_hash("payer", "payee", Decimal(10), "EUR", WHEN)
    later = Schedule.once(datetime(2026, 3, 5, 10, tzinfo=UTC))
    assert base != details_hash("payer", "payee", Decimal(10), "USDC", later)


def test_run_keys_are_stable_and_distinct_per_occurrence() -> None:
    assert run_idempotency_key("p", "t1") == run_idempotency_key("p", "t1")
    assert run_idempotency_key("p", "t1") != run_idempotency_key("p", "t2")


def test_callback_data_round_trips_within_64_bytes() -> None:
    answer = PayAnswer("ok", "a" * 32, "0123456789")
    data = answer.encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert parse_pay_answer(data) == answer


def test_forged_or_mutated_callback_data_is_refused() -> None:
    good = PayAnswer("no", "b" * 32, "0123456789").encode()
    for forged in [
        None,
        "",
        "pay:ok",
        good + "x",
        good.replace("no", "yes"),
        "pay:ok:" + "z" * 32 + ":0123456789",
        good.upper(),
    ]:
        assert parse_pay_answer(forged) is None
