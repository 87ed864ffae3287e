"""The payer's standing payments: list what is coming, cancel a series."""

from dataclasses import dataclass

from core.audit import Actor, Door, payment_change
from core.deps import Deps
from core.entities import Payment, Run, User
from core.errors import ConfirmationRefused
from core.people import registered_user
from core.states import PaymentStatus

UPCOMING_LIMIT = 100  # /payments pages through these; more than this is not a list to read


@dataclass(frozen=True)
class Upcoming:
    """One run still to come, with its payment and payee."""

    run: Run
    payment: Payment
    payee: User


@dataclass(frozen=True)
class UpcomingList:
    """What /payments shows."""

    payer: User
    items: tuple[Upcoming, ...]


@dataclass(frozen=True)
class Cancelled:
    """A series stopped by its payer."""

    payment: Payment
    payee: User
    runs_cancelled: int


async def upcoming(deps: Deps, telegram_id: int) -> UpcomingList:
    """The payer's next due runs, soonest first."""
    async with deps.uow(read_only=True) as uow:
        payer = await registered_user(uow, telegram_id)
        pairs = await uow.payments.upcoming(payer.id, UPCOMING_LIMIT)
        people = await uow.users.many({p.payee_id for _, p in pairs})
    items = tuple(Upcoming(r, p, people[p.payee_id]) for r, p in pairs)
    return UpcomingList(payer, items)


async def cancel_series(
    deps: Deps,
    payment_id: str,
    actor_telegram_id: int,
    actor: Actor | None = None,
    door: Door = Door.TELEGRAM,
) -> Cancelled:
    """Stop a scheduled payment: its due runs are cancelled before any later claim."""
    async with deps.uow() as uow:
        payment = await uow.payments.get(payment_id)
        payer = await uow.users.get(payment.payer_id) if payment else None
        if payment is None or payer is None:
            raise ConfirmationRefused("I can't find that payment.")
        if payer.telegram_id != actor_telegram_id:
            raise ConfirmationRefused("This button belongs to someone else; nothing changed.")
        payee = await uow.users.get(payment.payee_id)
        moved = await uow.payments.transition(
            payment.id, PaymentStatus.SCHEDULED, PaymentStatus.CANCELLED
        )
        if not moved or payee is None:
            raise ConfirmationRefused("This payment is not scheduled any more.")
        count = await uow.payments.cancel_due(payment.id)
        who = actor or Actor.person(actor_telegram_id)
        entry = payment_change(
            deps.ids,
            deps.clock.now(),
            who,
            door,
            payment.id,
            "cancel",
            "scheduled",
            "cancelled",
            runs_cancelled=count,
        )
        await uow.audit.add([entry])
        await uow.commit()
    return Cancelled(payment, payee, count)
