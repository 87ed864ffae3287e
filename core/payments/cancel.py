"""Cancelling from chat: 'stop paying bob', 'cancel 3f2a9c1d', 'cancel everything'."""

import re
from dataclasses import dataclass

from core.audit import Actor, Door
from core.deps import Deps
from core.errors import ConfirmationRefused
from core.intent import Intent
from core.money import format_amount
from core.names import quoted
from core.scheduling import series
from core.scheduling.series import Cancelled, Upcoming, UpcomingList

# A payment or run reference as receipts and /payments show it (a hex prefix of its id).
_REF = re.compile(r"\b([0-9a-f]{6,32})\b")


@dataclass(frozen=True)
class CancelResult:
    """What a cancel request did; ``choose`` is set when the user must pick which one."""

    text: str
    cancelled: tuple[Cancelled, ...] = ()
    choose: UpcomingList | None = None


def _targets(items: tuple[Upcoming, ...], intent: Intent, text: str) -> list[Upcoming] | None:
    """The payments the request names; None when it names none in particular."""
    refs = set(_REF.findall(text.lower()))
    if intent.cancel_all:
        return list(items)
    if refs:
        return [
            i
            for i in items
            if any(i.payment.id.startswith(r) or i.run.id.startswith(r) for r in refs)
        ]
    if intent.recipient:
        return [i for i in items if i.payment.payee_id == intent.recipient]
    return None


async def cancel_from_chat(
    deps: Deps,
    telegram_id: int,
    intent: Intent,
    text: str,
    actor: Actor | None = None,
    door: Door = Door.TELEGRAM,
) -> CancelResult:
    """Stop the scheduled payments the user named (payer only, each once)."""
    listed = await series.upcoming(deps, telegram_id)
    if not listed.items:
        return CancelResult("You have no scheduled payments to cancel.")
    targets = _targets(listed.items, intent, text)
    if targets is None:
        return CancelResult("Which one? Tap Cancel on the payment to stop.", choose=listed)
    if not targets:
        who = f" to {intent.recipient_text}" if intent.recipient_text else " matching that"
        return CancelResult(f"You have no scheduled payments{who}.")
    named_by_ref = not intent.cancel_all and _REF.search(text.lower())
    if named_by_ref and len({t.payment.id for t in targets}) > 1:  # an ambiguous short reference
        return CancelResult(
            "That matches several payments; tap Cancel on the one to stop.", choose=listed
        )
    done: list[Cancelled] = []
    for payment_id in dict.fromkeys(t.payment.id for t in targets):
        try:
            done.append(
                await series.cancel_series(deps, payment_id, telegram_id, actor=actor, door=door)
            )
        except ConfirmationRefused:
            continue  # already stopped by a racing tap: nothing more to do
    lines = [
        f"Cancelled: {format_amount(c.payment.amount, c.payment.asset)} to {quoted(c.payee.name)}."
        for c in done
    ]
    return CancelResult("\n".join([*lines, "No further runs."]), tuple(done))
