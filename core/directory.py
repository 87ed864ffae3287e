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

    Users are only ever added (never renamed or removed), so an unchanged count means an
    unchanged directory, whichever process added them; a count is far cheaper than every row.
    """

    def __init__(self) -> None:
        self._count = -1
        self._people = People()

    async def people(self, uow: UnitOfWork) -> People:
        """Everyone as of ``uow``'s snapshot: one count query while nobody has joined."""
        if await uow.users.count() == self._count:
            return self._people
        everyone = await uow.users.all()
        # The rows and their number come from one read, so the pair cannot disagree.
        self._people = People(
            tuple(Contact(id=u.id, name=u.name, handle=u.username) for u in everyone),
            {u.telegram_id: u for u in everyone},
        )
        self._count = len(everyone)
        return self._people

    async def contacts(self, uow: UnitOfWork) -> tuple[Contact, ...]:
        """Every user as a contact, as of ``uow``'s snapshot."""
        return (await self.people(uow)).contacts

    async def user(self, uow: UnitOfWork, telegram_id: int) -> User | None:
        """The user behind ``telegram_id`` as of ``uow``'s snapshot."""
        return (await self.people(uow)).by_telegram_id.get(telegram_id)
