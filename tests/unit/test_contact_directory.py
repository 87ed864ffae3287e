"""The contact directory reads every user only when the number of users has changed."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from core.directory import ContactDirectory
from core.entities import User
from core.intent import Contact
from core.ports import UnitOfWork


@dataclass
class CountingUsers:
    people: list[User] = field(default_factory=list)
    full_reads: int = 0

    renames: int = 0

    async def count(self) -> int:
        return len(self.people)

    async def version(self) -> tuple[int, int]:
        return len(self.people), self.renames

    async def all(self) -> Sequence[User]:
        self.full_reads += 1
        return list(self.people)


@dataclass
class Reads:
    users: CountingUsers


def uow(users: CountingUsers) -> UnitOfWork:
    return cast(Any, Reads(users))


async def test_an_unchanged_user_count_reuses_the_directory_without_reading_every_user() -> None:
    users = CountingUsers([User("u1", 1, "Ann", "ann")])
    directory = ContactDirectory()
    first = await directory.contacts(uow(users))
    again = await directory.contacts(uow(users))
    assert first == again == (Contact("u1", "Ann", "ann"),)
    assert users.full_reads == 1


async def test_a_new_user_anywhere_is_in_the_next_directory() -> None:
    users = CountingUsers([User("u1", 1, "Ann", "ann")])
    directory = ContactDirectory()
    await directory.contacts(uow(users))
    users.people.append(User("u2", 2, "Bo", None))  # e.g. added by another process
    assert [c.id for c in await directory.contacts(uow(users))] == ["u1", "u2"]
    assert users.full_reads == 2


async def test_a_payer_is_found_by_telegram_id_from_the_cached_directory() -> None:
    users = CountingUsers([User("u1", 1, "Ann", "ann"), User("u2", 2, "Bo", None)])
    directory = ContactDirectory()
    assert await directory.user(uow(users), 2) == User("u2", 2, "Bo", None)
    assert await directory.user(uow(users), 1) == User("u1", 1, "Ann", "ann")
    assert users.full_reads == 1


async def test_someone_who_just_registered_elsewhere_is_found_and_a_stranger_is_not() -> None:
    users = CountingUsers([User("u1", 1, "Ann", "ann")])
    directory = ContactDirectory()
    assert await directory.user(uow(users), 7) is None
    users.people.append(User("u7", 7, "Cy", None))  # registered by another process
    assert await directory.user(uow(users), 7) == User("u7", 7, "Cy", None)
