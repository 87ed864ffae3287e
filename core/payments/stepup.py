"""Step-up: a risky payment needs a second explicit step — typing the amount shown."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.confirmation import details_hash
from core.deps import Deps
from core.entities import Payment, RiskLevel
from core.ports import UnitOfWork

_AMOUNT_ONLY = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]{3,5})?\s*$")


@dataclass(frozen=True)
class SecondStep:
    """A typed amount addressed to a payment waiting for it."""

    payment: Payment
    typed: Decimal
    telegram_id: int


async def needs_second_step(uow: UnitOfWork, payment: Payment) -> bool:
    """True when the guardian put the payment in the step-up band when it was proposed."""
    assessments = [a for a in await uow.assessments.for_payment(payment.id) if a.run_id is None]
    return bool(assessments) and assessments[0].level is RiskLevel.STEP_UP


def typed_amount(text: str) -> tuple[Decimal, str | None] | None:
    """The amount (and asset code, if any) in a message that is only an amount."""
    match = _AMOUNT_ONLY.match(text)
    if match is None:
        return None
    try:
        amount = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    return amount, (match.group(2) or None)


def bound(payment: Payment) -> bool:
    """The stored hash still describes the stored details (nothing changed since shown)."""
    expected = details_hash(
        payment.payer_id,
        payment.payee_id,
        payment.amount,
        payment.asset,
        payment.schedule,
        payment.max_runs,
        payment.total_budget,
    )
    return expected == payment.details_hash


async def pending(deps: Deps, telegram_id: int, text: str) -> SecondStep | None:
    """The payment a bare typed amount answers, if the sender has one waiting for it.

    With several waiting, the newest whose amount matches wins, else the newest; a mismatch is
    then refused by the confirmation itself with a plain sentence.
    """
    parsed = typed_amount(text)
    if parsed is None:
        return None
    amount, asset = parsed
    async with deps.uow(read_only=True) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        if user is None:
            return None
        waiting = await uow.payments.awaiting_second_step(user.id)
    if not waiting:
        return None
    matching = [
        p for p in waiting if p.amount == amount and (asset is None or asset.upper() == p.asset)
    ]
    return SecondStep((matching or list(waiting))[0], amount, telegram_id)
