import asyncio

import pytest
from sqlalchemy.exc import DBAPIError

from bot.composition.container import Container
from core.entities import User


async def test_a_read_only_unit_reads_beside_a_writer_that_holds_the_lock(
    container: Container,
) -> None:
    async with container.deps.uow() as writer:
        await writer.users.add(User("u1", 101, "User One", "one"))  # the write lock is held

        async def read() -> User | None:
            async with container.deps.uow(read_only=True) as reader:
                return await reader.users.get("u1")

        # A writing unit would queue on the lock until the writer finished (up to the timeout).
        assert await asyncio.wait_for(read(), timeout=5) is None  # uncommitted: not visible
        await writer.commit()
    async with container.deps.uow(read_only=True) as reader:
        assert await reader.users.get("u1") is not None


async def test_a_read_only_unit_cannot_commit(system: Container) -> None:
    async with system.deps.uow(read_only=True) as reader:
        with pytest.raises(RuntimeError, match="read-only"):
            await reader.commit()


async def test_postgres_refuses_a_write_inside_a_read_only_unit(
    system: Container, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no read-only transactions; commit() is the guard there")
    async with system.deps.uow(read_only=True) as reader:
        with pytest.raises(DBAPIError, match="read-only"):
            await reader.users.add(User("u1", 101, "User One", "one"))


async def test_the_directory_counts_users_in_the_database_itself(system: Container) -> None:
    async with system.deps.uow() as uow:
        await uow.users.add(User("u1", 101, "User One", "one"))
        await uow.users.add(User("u2", 102, "User Two", None))
        await uow.commit()
    async with system.deps.uow(read_only=True) as reader:
        assert await reader.users.count() == 2
        names = [c.name for c in await system.deps.directory.contacts(reader)]
    assert sorted(names) == ["User One", "User Two"]
