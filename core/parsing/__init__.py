"""Interim deterministic parser for the walking skeleton; the full parser replaces it."""

import re
from decimal import Decimal, InvalidOperation

from core.intent import Intent, IntentContext
from core.schedule import Schedule

_PAY = re.compile(
    r"^(?:pay|send)\s+(?:(?P<to1>@?[\w.'-]+)\s+(?P<amt1>[\d.,]+)\s*(?P<asset1>[a-z]{3,4})?"
    r"|(?P<amt2>[\d.,]+)\s*(?P<asset2>[a-z]{3,4})?\s+to\s+(?P<to2>@?[\w.'-]+))\s*$",
    re.IGNORECASE,
)


def _resolve(name: str, context: IntentContext) -> str | None:
    wanted = name.lstrip("@").lower()
    hits = {
        c.id
        for c in context.contacts
        if wanted in {c.name.lower(), c.name.split()[0].lower(), (c.handle or "").lower()}
    }
    return hits.pop() if len(hits) == 1 else None


def parse_intent(text: str, context: IntentContext) -> Intent:
    """Parse 'pay bob 10 usdc' / 'send 25.5 USDC to @bobby', balance and help."""
    words = text.strip().lower()
    if words in {"balance", "my balance", "what is my balance"}:
        return Intent(kind="balance", asset=context.default_asset)
    if words in {"help", "what can you do"}:
        return Intent(kind="help", asset=context.default_asset)
    match = _PAY.match(text.strip())
    if match is None:
        return Intent(kind="unknown", asset=context.default_asset)
    to = match.group("to1") or match.group("to2")
    raw = (match.group("amt1") or match.group("amt2") or "").replace(",", "")
    asset = (match.group("asset1") or match.group("asset2") or context.default_asset).upper()
    try:
        amount: Decimal | None = Decimal(raw)
    except InvalidOperation:
        amount = None
    return Intent(
        kind="pay",
        recipient=_resolve(to, context),
        recipient_text=to,
        amount=amount,
        asset=asset,
        schedule=Schedule.once(context.now, context.timezone),
        missing=() if amount is not None else ("amount",),
    )
