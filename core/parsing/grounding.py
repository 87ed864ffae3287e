"""Grounding a model's proposal: the model may fill gaps; the user's text must support each fill.

Money-moving kinds (pay, cancel) are decided by the deterministic parser alone: a model can add
an amount or payee the text supports to a pay/cancel the parser already found, or name a
harmless kind (balance, upcoming, history, help) for a message the parser did not understand.
It can never turn anything else into a payment or a cancellation, and the pay vetoes (jokes,
reports, plans outside the bot, doubts) are applied again to whatever grounding produced.
"""

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from core.intent import Intent, IntentContext
from core.parsing.amounts import amounts_in, assets_in
from core.parsing.intent_words import NOT_PAY
from core.parsing.pay_vetoes import CHANGE_OF_MIND, pay_veto
from core.parsing.payees import resolve_payee, words
from core.parsing.text import flat, fold
from core.parsing.topic_cues import respell

HARMLESS = frozenset({"balance", "upcoming", "history", "help"})


def _mentioned(fragment: object, text: str) -> bool:
    """True when every word of ``fragment`` appears, in order and together, in ``text``."""
    if not isinstance(fragment, str) or not fragment.strip():
        return False
    wanted, have = words(fragment), words(text)
    n = len(wanted)
    return n > 0 and any(have[i : i + n] == wanted for i in range(len(have) - n + 1))


def _amount(value: object, text: str) -> Decimal | None:
    """The proposed amount, only if the text writes that very amount."""
    try:
        amount = Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount in amounts_in(text) else None


def _payee(value: object, text: str, context: IntentContext) -> str | None:
    """The proposed payee's contact id, only if the text names them and exactly one fits."""
    if not _mentioned(value, text):
        return None
    return resolve_payee(str(value), context.contacts).contact_id


def vetoed(intent: Intent, text: str, context: IntentContext) -> Intent:
    """``intent``, unless it is a pay that the text's own words rule out (then ``unknown``)."""
    if intent.kind != "pay":
        return intent
    words_of = respell(flat(fold(text)))
    if pay_veto(words_of) or NOT_PAY.search(words_of) or CHANGE_OF_MIND.search(words_of):
        return Intent(kind="unknown", parser=intent.parser, asset=context.default_asset)
    return intent


def ground(proposal: dict[str, Any], base: Intent, text: str, context: IntentContext) -> Intent:
    """Merge a model's proposal into the deterministic intent, keeping only grounded parts."""
    return vetoed(_merge(proposal, base, text, context), text, context)


def _merge(proposal: dict[str, Any], base: Intent, text: str, context: IntentContext) -> Intent:
    """The deterministic intent with the grounded parts of the proposal filled in."""
    kind = proposal.get("intent")
    if base.kind == "unknown" and kind in HARMLESS:
        recipient = _payee(proposal.get("recipient"), text, context) if kind == "history" else None
        return Intent(kind=kind, parser="llm", asset=context.default_asset, recipient=recipient)
    if kind != base.kind or base.kind not in ("pay", "cancel", "history"):
        return base
    fills: dict[str, Any] = {}
    if base.recipient is None:
        recipient = _payee(proposal.get("recipient"), text, context)
        if recipient is not None:
            fills.update(recipient=recipient, recipient_text=proposal["recipient"], candidates=())
    if base.kind == "pay":
        unclear = bool(base.amount_doubts)  # "7 or 9", "5²": only the user may settle it
        if (
            base.amount is None
            and not unclear
            and (amount := _amount(proposal.get("amount"), text))
        ):
            fills["amount"] = amount
        asset = str(proposal.get("asset") or "").upper()
        if asset != base.asset and asset in assets_in(text):
            fills["asset"] = asset
    if not fills:
        return base
    merged = replace(base, parser="llm", **fills)
    if merged.kind == "pay":
        missing = [s for s in ("recipient", "amount") if getattr(merged, s) is None]
        merged = replace(merged, missing=tuple(missing))
    return merged
