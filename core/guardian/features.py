"""Risk features computed from the ledger through the ports."""

import statistics
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from core.deps import Policy, RiskRequest
from core.entities import User
from core.guardian.feature_reads import FeatureReads
from core.rules.engine import RiskFeatures
from core.schedule import Schedule

HISTORY = 50  # succeeded payments the median is taken over
HORIZON = timedelta(days=30)  # how far ahead recurring commitments are projected


def min_interval_seconds(schedule: Schedule) -> int | None:
    """The shortest gap between the next few runs of a recurring schedule."""
    runs = schedule.runs(4)
    gaps = [int((b - a).total_seconds()) for a, b in pairwise(runs)]
    return min(gaps) if gaps else None


def _listed(payee: User | None, names: frozenset[str]) -> bool:
    if payee is None or not names:
        return False
    keys = {str(payee.telegram_id), (payee.username or "").lower()}
    return bool(keys & names)


async def compute_features(
    reads: FeatureReads, request: RiskRequest, policy: Policy
) -> RiskFeatures:
    """Gather what the guardian rules look at for ``request``."""
    available = await reads.available(request.payer_id, request.asset)
    paid_before = await reads.sent_to_before(request.payer_id, request.payee_id)
    payee = await reads.user(request.payee_id)
    limits = (await reads.limits(request.payer_id)).effective(policy.default_limits)
    now = request.at or request.schedule.first_run
    spends = [
        s
        for s in await reads.spends(request.payer_id, now - timedelta(days=1))
        if s.asset == request.asset
    ]
    to_payee = [s for s in spends if s.payee_id == request.payee_id]
    last_hour = [s for s in spends if s.at >= now - timedelta(hours=1)]
    amounts = await reads.recent_amounts(request.payer_id, request.asset, HISTORY)
    start = max(now, request.schedule.first_run)
    committed = Decimal(0)
    for mandate in await reads.mandates(request.payer_id):
        if mandate.id != request.payment_id and mandate.asset == request.asset:
            committed += mandate.amount * mandate.schedule.count_between(now, now + HORIZON)
    cap = policy.per_payment_cap
    return RiskFeatures(
        amount=request.amount,
        asset=request.asset,
        available_balance=available,
        new_recipient=not paid_before,
        per_payment_cap=min(cap, limits.per_payment) if limits.per_payment else cap,
        per_day_limit=limits.per_day,
        per_recipient_day_limit=limits.per_recipient_day,
        spent_day=sum((s.amount for s in spends), Decimal(0)),
        sent_to_payee_day=sum((s.amount for s in to_payee), Decimal(0)),
        count_hour=len(last_hour),
        sum_hour=sum((s.amount for s in last_hour), Decimal(0)),
        count_day=len(spends),
        history_count=len(amounts),
        median_amount=statistics.median(amounts) if amounts else None,
        recurring=request.schedule.is_recurring,
        min_interval_seconds=min_interval_seconds(request.schedule),
        runs_next_30d=max(1, request.schedule.count_between(start, start + HORIZON)),
        committed_30d=committed,
        local_hour=now.astimezone(ZoneInfo(request.timezone)).hour if request.at else None,
        payee_allowed=_listed(payee, policy.payee_allow),
        payee_denied=_listed(payee, policy.payee_deny),
        parse_confidence=request.parse_confidence,
    )
