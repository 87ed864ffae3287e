"""Ids are 32 lowercase hex characters, never repeat, and sort in the order they were made."""

import re

from bot.adapters import TimeOrderedIds
from bot.telegram.callbacks import parse_pay_answer


def test_ids_are_32_hex_characters_and_distinct() -> None:
    ids = [TimeOrderedIds().new_id() for _ in range(10_000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_ids_made_later_sort_later_even_within_one_millisecond() -> None:
    source = TimeOrderedIds()
    ids = [source.new_id() for _ in range(10_000)]  # thousands share a millisecond
    assert ids == sorted(ids)


def test_an_id_fits_a_confirm_button() -> None:
    payment_id = TimeOrderedIds().new_id()
    tap = parse_pay_answer(f"pay:ok:{payment_id}:0123456789")
    assert tap is not None and tap.payment_id == payment_id
