"""Renames on SQLite and PostgreSQL: a handle moves to its latest holder; the version moves."""

from bot.composition.container import Container
from core.accounts import onboarding


async def test_a_handle_taken_by_someone_else_leaves_its_old_holder(system: Container) -> None:
    deps = system.deps
    bob = (await onboarding.start(deps, 7002, "Bob", "bob")).user
    async with deps.uow(read_only=True) as uow:
        before = await uow.users.version()
    mallory = (await onboarding.start(deps, 7003, "Mallory", "Bob")).user  # Telegram: case-free
    async with deps.uow(read_only=True) as uow:
        old, new = await uow.users.get(bob.id), await uow.users.get(mallory.id)
        after = await uow.users.version()
    assert old is not None and old.username is None
    assert new is not None and new.username == "Bob"
    assert after != before


async def test_a_rename_is_stored_and_counted(system: Container) -> None:
    deps = system.deps
    await onboarding.start(deps, 7002, "Bob", "bob")
    async with deps.uow(read_only=True) as uow:
        before = await uow.users.version()
    renamed = (await onboarding.start(deps, 7002, "Robert\u200b", "robert")).user
    async with deps.uow(read_only=True) as uow:
        stored = await uow.users.by_telegram_id(7002)
        after = await uow.users.version()
    assert stored == renamed and (stored.name, stored.username) == ("Robert", "robert")
    assert after == (before[0], before[1] + 1)
