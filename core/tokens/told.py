"""Telling a token's owner in chat what was done with it, naming the token."""

from core.deps import Deps
from core.entities import Payment, User
from core.money import format_amount
from core.names import quoted
from core.notices import Notice
from core.payments.cancel import CancelResult
from core.payments.proposals import Answered
from core.principal import Principal
from core.states import PaymentStatus

_CONFIRMED = {
    PaymentStatus.COMPLETED: "Paid",
    PaymentStatus.SCHEDULED: "Scheduled",
    PaymentStatus.AWAITING_REVIEW: "Sent for review",
    PaymentStatus.FAILED: "Tried and failed to pay",
}


def _what(payment: Payment, payee: User) -> str:
    return f"{format_amount(payment.amount, payment.asset)} to {quoted(payee.name)}"


def answered_line(answered: Answered) -> str | None:
    """What a confirm or deny through a token did, in one true line; None when nothing moved."""
    if answered.second_step:
        return None  # only the first of two steps: nothing can move yet
    what = _what(answered.payment, answered.payee)
    if not answered.confirmed:
        return f"Denied {what}"
    if answered.processing:
        return f"Sending {what}"
    verb = _CONFIRMED.get(answered.payment.status, "Confirmed")
    return f"{verb} {what}"


def cancelled_lines(result: CancelResult) -> list[tuple[str, str]]:
    """(payment id, line) for each series a command through a token cancelled."""
    return [(c.payment.id, f"Cancelled {_what(c.payment, c.payee)}") for c in result.cancelled]


async def tell_owner(deps: Deps, principal: Principal, key: str, line: str) -> None:
    """Queue "<line> via your token <name>." to the owner's chat, once per ``key``."""
    if principal.owner_telegram_id is None:
        return
    text = f"{line}, via your token {principal.name}. Not you? Send /token revoke {principal.name}."
    notice = Notice(f"token:{principal.name}:{key}", principal.owner_telegram_id, text)
    async with deps.uow() as uow:
        await uow.outbox.add([notice], deps.clock.now())
        await uow.commit()
