"""Personal and service tokens: made once, stored hashed, unique names, revoked, resolved."""

import re

import pytest

from core.principal import Principal, acting_for, may_operate, may_pay, may_read
from core.tokens import use_cases as tokens
from core.tokens.use_cases import TokenRefused, digest_of
from tests.fakes import FrozenClock, SequentialIds
from tests.memory_tokens import MemoryTokenStore

ALICE, BOB = 7001, 7002


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


async def test_a_personal_token_is_long_url_safe_random_and_stored_only_as_its_hash(
    store: MemoryTokenStore,
) -> None:
    clock, ids = FrozenClock(), SequentialIds()
    made = await tokens.make_personal(store, clock, ids, ALICE, "laptop", "pay")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", made.raw)
    [stored] = store.rows.values()
    assert stored.digest == digest_of(made.raw) and made.raw not in repr(stored)
    other = await tokens.make_personal(store, clock, ids, ALICE, "phone", "pay")
    assert other.raw != made.raw and len(store.rows) == 2


async def test_a_token_resolves_to_its_owner_and_marks_its_last_use(
    store: MemoryTokenStore,
) -> None:
    clock = FrozenClock()
    made = await tokens.make_personal(store, clock, SequentialIds(), ALICE, "laptop", "read")
    clock.advance(minutes=5)
    principal = await tokens.resolve(store, clock, made.raw)
    assert principal == Principal("person_token", "laptop", "read", ALICE)
    [listed] = await tokens.listed(store, "person_token", ALICE)
    assert listed.last_used_at == clock.now()


async def test_names_are_unique_per_owner_among_live_tokens_only(store: MemoryTokenStore) -> None:
    clock, ids = FrozenClock(), SequentialIds()
    await tokens.make_personal(store, clock, ids, ALICE, "laptop", "pay")
    with pytest.raises(TokenRefused, match="already have a token called laptop"):
        await tokens.make_personal(store, clock, ids, ALICE, "laptop", "read")
    await tokens.make_personal(store, clock, ids, BOB, "laptop", "pay")  # Bob's own name
    await tokens.revoke(store, clock, "person_token", ALICE, "laptop")
    await tokens.make_personal(store, clock, ids, ALICE, "laptop", "read")
    assert len(store.rows) == 3
    assert [t.name for t in store.rows.values() if t.revoked_at is not None] == ["laptop"]


async def test_a_revoked_or_unknown_token_resolves_to_nobody(store: MemoryTokenStore) -> None:
    clock = FrozenClock()
    made = await tokens.make_service(store, clock, SequentialIds(), "grafana", "read")
    await tokens.revoke(store, clock, "service_token", None, "grafana")
    assert await tokens.resolve(store, clock, made.raw) is None
    assert await tokens.resolve(store, clock, "x" * 43) is None
    with pytest.raises(TokenRefused, match="no live token called grafana"):
        await tokens.revoke(store, clock, "service_token", None, "grafana")


@pytest.mark.parametrize(
    ("person", "scope"), [(True, "ops"), (False, "pay"), (True, "admin"), (False, "write")]
)
async def test_scopes_are_pay_or_read_for_people_and_ops_or_read_for_services(
    store: MemoryTokenStore, person: bool, scope: str
) -> None:
    clock, ids = FrozenClock(), SequentialIds()
    with pytest.raises(TokenRefused, match="scope must be"):
        if person:
            await tokens.make_personal(store, clock, ids, ALICE, "x", scope)
        else:
            await tokens.make_service(store, clock, ids, "x", scope)
    assert not store.rows


@pytest.mark.parametrize("name", ["", "two words", "a" * 33, "-lead", "semi;colon"])
async def test_a_token_name_is_short_and_plain(store: MemoryTokenStore, name: str) -> None:
    with pytest.raises(TokenRefused, match="token name"):
        await tokens.make_personal(store, FrozenClock(), SequentialIds(), ALICE, name, "pay")


def test_a_personal_token_acts_only_for_its_owner_and_a_service_token_for_nobody() -> None:
    laptop = Principal("person_token", "laptop", "pay", ALICE)
    service = Principal("service_token", "ci", "ops")
    assert acting_for(laptop, None) == ALICE and acting_for(laptop, ALICE) == ALICE
    assert acting_for(laptop, BOB) is None
    assert acting_for(service, None) is None and acting_for(service, ALICE) is None


def test_what_each_scope_may_do() -> None:
    pay = Principal("person_token", "laptop", "pay", ALICE)
    read = Principal("person_token", "tablet", "read", ALICE)
    ops = Principal("service_token", "ci", "ops")
    watch = Principal("service_token", "grafana", "read")
    assert [may_pay(p) for p in (pay, read, ops, watch)] == [True, False, False, False]
    assert [may_operate(p) for p in (pay, read, ops, watch)] == [False, False, True, False]
    assert all(may_read(p) for p in (pay, read, ops, watch))
