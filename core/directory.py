"""Everyone a payer could name, read once and again only when someone new has joined."""

from dataclasses import dataclass, field

from core.entities import User
from core.intent import Contact
from core.ports import UnitOfWork


@dataclass(frozen=True)
class People:
    """The users as of one read: as contacts for the parser, and by Telegram id."""

    contacts: tuple[Contact, ...] = ()
    by_telegram_id: dict[int, User] = field(default_factory=dict)


class ContactDirectory:
    """The users (and they as contacts), cached per process and keyed by how many there are.

    Users are never removed, and a rename raises the person's profile revision, so an unchanged
    (count, sum of revisions) means an unchanged directory, whichever process changed it; that
    one aggregate is far cheaper than every row.
    """

    def __init__(self) -> None:
        self._version = (-1, -1)
        self._people = People()

    async def people(self, uow: UnitOfWork) -> People:
        """Everyone as of ``uow``'s snapshot: one aggregate query while nobody joined or renamed."""
        # Read before the rows: a change between the two reads costs one more read, never staleness.
        version = await uow.users.version()
        if version == self._version:
            return self._people
        everyone = await uow.users.all()
        self._people = People(
            tuple(Contact(id=u.id, name=u.name, handle=u.username) for u in everyone),
            {u.telegram_id: u for u in everyone},
        )
        self._version = version
        return self._people

    async def contacts(self, uow: UnitOfWork) -> tuple[Contact, ...]:
        """Every user as a contact, as of ``uow``'s snapshot."""
        return (await self.people(uow)).contacts

    async def user(self, uow: UnitOfWork, telegram_id: int) -> User | None:
        """The user behind ``telegram_id`` as of ``uow``'s snapshot."""
        return (await self.people(uow)).by_telegram_id.get(telegram_id)
