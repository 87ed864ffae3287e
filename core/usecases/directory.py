"""Everyone a payer could name, read once and again only when someone new has joined."""

from core.entities import User
from core.intent import Contact
from core.ports import UnitOfWork


class ContactDirectory:
    """The users (and they as contacts), cached per process and keyed by how many there are.

    Users are only ever added (never renamed or removed), so an unchanged count means an
    unchanged directory, whichever process added them; a count is far cheaper than every row.
    """

    def __init__(self) -> None:
        self._count = -1
        self._contacts: tuple[Contact, ...] = ()
        self._by_telegram_id: dict[int, User] = {}

    async def contacts(self, uow: UnitOfWork) -> tuple[Contact, ...]:
        """Every user as a contact, as of ``uow``'s snapshot."""
        await self._refresh(uow)
        return self._contacts

    async def user(self, uow: UnitOfWork, telegram_id: int) -> User | None:
        """The user behind ``telegram_id`` as of ``uow``'s snapshot, from the cache when current."""
        await self._refresh(uow)
        return self._by_telegram_id.get(telegram_id)

    async def _refresh(self, uow: UnitOfWork) -> None:
        if await uow.users.count() == self._count:
            return
        people = await uow.users.all()
        # The rows and their number come from one read, so the pair cannot disagree.
        self._contacts = tuple(Contact(id=u.id, name=u.name, handle=u.username) for u in people)
        self._by_telegram_id = {u.telegram_id: u for u in people}
        self._count = len(people)
