"""Ids are 32 lowercase hex characters, as every callback pattern expects, and never repeat."""

import re

from bot.adapters import RandomIds
from bot.telegram.callbacks import parse_pay_answer


def test_ids_are_32_hex_characters_and_distinct() -> None:
    ids = [RandomIds().new_id() for _ in range(10_000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_an_id_fits_a_confirm_button() -> None:
    payment_id = RandomIds().new_id()
    tap = parse_pay_answer(f"pay:ok:{payment_id}:0123456789")
    assert tap is not None and tap.payment_id == payment_id
