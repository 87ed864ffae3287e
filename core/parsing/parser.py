"""The deterministic intent parser: message text in, ``Intent`` out, never an exception."""

import logging

from core.intent import Intent, IntentContext
from core.parsing.amounts import extract_money
from core.parsing.intents import Signals, classify
from core.parsing.payee_scan import find_payee, protected_spans
from core.parsing.schedules import build_schedule, read_when
from core.parsing.text import blank, flat, fold
from core.schedule import Schedule

log = logging.getLogger(__name__)
MAX_CHARS = 500  # a chat command is short; bounding the input bounds the latency


def parse_intent(text: str, context: IntentContext) -> Intent:
    """Parse one message; anything unexpected becomes ``unknown`` rather than an error."""
    try:
        return _parse(text if isinstance(text, str) else "", context)
    except Exception:  # the parser must never break the conversation
        log.exception("intent parser failed", extra={"text_len": len(text or "")})
        return Intent(kind="unknown", asset=context.default_asset)


def _parse(text: str, ctx: IntentContext) -> Intent:
    """Extract schedule, money and payee, then decide the kind from the words left."""
    original = text[:MAX_CHARS]
    folded = fold(original)
    protect = protected_spans(folded, ctx.contacts)
    when = read_when(blank(folded, protect))
    no_time = blank(folded, when.spans)
    money = extract_money(blank(no_time, protect))
    payee = find_payee(blank(no_time, list(money.spans)), original, ctx.contacts)
    res = payee.resolution
    signals = Signals(
        has_amount=money.amount is not None,
        has_payee=bool(res.contact_id or res.candidates),
        payee_marked=payee.text is not None,
        words=len(folded.split()),
    )
    kind, cancel_all = classify(flat(folded), signals)
    asset = (money.asset or ctx.default_asset).upper()
    if kind == "pay":
        missing = tuple(
            slot
            for slot, absent in (
                ("recipient", res.contact_id is None),
                ("amount", money.amount is None),
            )
            if absent
        )
        schedule: Schedule | None = build_schedule(when, ctx.now, ctx.timezone)
        return Intent(
            kind="pay",
            recipient=res.contact_id,
            recipient_text=payee.text,
            amount=money.amount,
            asset=asset,
            schedule=schedule,
            missing=missing,
            candidates=res.candidates,
            amount_doubts=money.doubts,
        )
    if kind in ("cancel", "history"):
        return Intent(
            kind=kind,
            recipient=res.contact_id,
            recipient_text=payee.text if res.contact_id else None,
            asset=asset,
            cancel_all=cancel_all,
            candidates=res.candidates,
        )
    return Intent(kind=kind, asset=ctx.default_asset)
