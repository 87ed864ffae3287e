"""One request's feature facts taken from a batch snapshot instead of per-run queries."""

from decimal import Decimal

from core.assessment_ports import FeatureFacts, GuardianSnapshot, listing_keys
from core.deps import RiskRequest
from core.limits import UserLimits

_UNSET = UserLimits()


def facts_from(snap: GuardianSnapshot, request: RiskRequest) -> FeatureFacts:
    """The facts of ``request`` as the snapshot read them (its window covers the request)."""
    wallet = snap.wallets.get((request.payer_id, request.asset))
    payee = snap.users.get(request.payee_id)
    return FeatureFacts(
        available=wallet[1] if wallet else Decimal(0),
        limits=snap.limits.get(request.payer_id, _UNSET),
        paid_before=(request.payer_id, request.payee_id) in snap.paid,
        payee_keys=listing_keys(payee.telegram_id, payee.username) if payee else frozenset(),
        recent=snap.recent.get((request.payer_id, request.asset), []),
        mandates=snap.mandates.get(request.payer_id, []),
    )
