"""Everyone a payer could name, read once and again only when someone new has joined."""

from core.intent import Contact
from core.ports import UnitOfWork


class ContactDirectory:
    """The users as contacts, cached per process and keyed by how many users there are.

    Users are only ever added (never renamed or removed), so an unchanged count means an
    unchanged directory, whichever process added them; a count is far cheaper than every row.
    """

    def __init__(self) -> None:
        self._count = -1
        self._contacts: tuple[Contact, ...] = ()

    async def contacts(self, uow: UnitOfWork) -> tuple[Contact, ...]:
        """Every user as a contact, as of ``uow``'s snapshot."""
        if await uow.users.count() == self._count:
            return self._contacts
        people = await uow.users.all()
        contacts = tuple(Contact(id=u.id, name=u.name, handle=u.username) for u in people)
        # The rows and their number come from one read, so the pair cannot disagree.
        self._count, self._contacts = len(people), contacts
        return contacts
