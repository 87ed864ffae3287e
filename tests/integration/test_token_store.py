"""The token store on SQLite and PostgreSQL: hashed, named once per holder, kept when revoked."""

import pytest

from bot.composition.container import Container
from core.errors import DomainError
from core.tokens import use_cases as tokens
from tests.fakes import FrozenClock


async def test_a_token_resolves_to_its_owner_and_marks_its_use(system: Container) -> None:
    deps = system.deps
    made = await tokens.make_personal(system.tokens, deps.clock, deps.ids, 7001, "laptop", "pay")
    principal = await tokens.resolve(system.tokens, deps.clock, made.raw)
    assert principal is not None
    assert (principal.kind, principal.name, principal.scope) == ("person_token", "laptop", "pay")
    assert principal.owner_telegram_id == 7001
    [listed] = await tokens.listed(system.tokens, "person_token", 7001)
    assert listed.last_used_at is not None
    assert listed.digest == tokens.digest_of(made.raw) != made.raw  # only the hash is kept
    assert await tokens.resolve(system.tokens, deps.clock, made.raw + "x") is None


async def test_a_live_name_is_refused_twice_and_free_again_after_revoke(system: Container) -> None:
    store, deps = system.tokens, system.deps
    first = await tokens.make_personal(store, deps.clock, deps.ids, 7001, "laptop", "read")
    with pytest.raises(DomainError, match="already have a token called laptop"):
        await tokens.make_personal(store, deps.clock, deps.ids, 7001, "laptop", "pay")
    await tokens.make_personal(store, deps.clock, deps.ids, 7002, "laptop", "pay")  # another owner
    await tokens.revoke(store, deps.clock, "person_token", 7001, "laptop")
    assert await tokens.resolve(store, deps.clock, first.raw) is None
    again = await tokens.make_personal(store, deps.clock, deps.ids, 7001, "laptop", "pay")
    assert (await tokens.resolve(store, deps.clock, again.raw)) is not None
    with pytest.raises(DomainError, match="no live token called laptop"):
        await tokens.revoke(store, deps.clock, "person_token", 7003, "laptop")


async def test_service_tokens_act_for_nobody_and_list_apart(system: Container) -> None:
    store, deps = system.tokens, system.deps
    made = await tokens.make_service(store, deps.clock, deps.ids, "grafana", "read")
    principal = await tokens.resolve(store, deps.clock, made.raw)
    assert principal is not None and not principal.is_person and principal.owner_telegram_id is None
    names = [t.name for t in await tokens.listed(store, "service_token", None)]
    assert "grafana" in names
    assert await tokens.listed(store, "person_token", 7001) == []


async def test_last_use_follows_the_clock(system: Container) -> None:
    store, deps = system.tokens, system.deps
    clock = deps.clock
    assert isinstance(clock, FrozenClock)
    made = await tokens.make_personal(store, clock, deps.ids, 7001, "phone", "read")
    clock.advance(hours=2)
    await tokens.resolve(store, clock, made.raw)
    [listed] = await tokens.listed(store, "person_token", 7001)
    assert listed.last_used_at == clock.now()
