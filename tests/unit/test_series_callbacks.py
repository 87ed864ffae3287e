import pytest

from bot.telegram.series import CancelSeries, parse_cancel

PAYMENT = "ab" * 16


def test_cancel_callback_data_round_trips_within_64_bytes() -> None:
    data = CancelSeries(PAYMENT).encode()
    assert len(data.encode()) <= 64
    assert parse_cancel(data) == CancelSeries(PAYMENT)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "ser:cancel:",
        "ser:cancel:" + "g" * 32,
        "ser:cancel:" + PAYMENT + ":x",
        "pay:ok:" + PAYMENT + ":abcdefabcd",
        "ser:cancel:" + PAYMENT.upper(),
    ],
)
def test_malformed_or_forged_cancel_data_is_refused(data: str | None) -> None:
    assert parse_cancel(data) is None
