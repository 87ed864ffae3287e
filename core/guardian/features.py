"""Risk features computed from the ledger through the ports."""

import statistics
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from core.assessment_ports import FeatureFacts, HistoryWindow
from core.deps import Policy, RiskRequest
from core.rules.engine import RiskFeatures
from core.schedule import Schedule

HISTORY = 50  # succeeded payments the median is taken over
HORIZON = timedelta(days=30)  # how far ahead recurring commitments are projected
VELOCITY = timedelta(days=1)  # the longest window the spending and velocity features sum


def min_interval_seconds(schedule: Schedule) -> int | None:
    """The shortest gap between the next few runs of a recurring schedule."""
    runs = schedule.runs(4)
    gaps = [int((b - a).total_seconds()) for a, b in pairwise(runs)]
    return min(gaps) if gaps else None


def decided_at(request: RiskRequest) -> datetime:
    """The moment the request is judged at: now, or the first run of a plan."""
    return request.at or request.schedule.first_run


def history_window(moments: list[datetime]) -> HistoryWindow:
    """The history that features judged at any of ``moments`` read (at least one moment)."""
    return HistoryWindow(since=min(moments) - VELOCITY, newest=HISTORY)


def _committed(facts: FeatureFacts, request: RiskRequest, now: datetime) -> Decimal:
    """What the payer's other mandates in the asset will spend over the next HORIZON."""
    committed = Decimal(0)
    for mandate in facts.mandates:
        if mandate.id != request.payment_id and mandate.asset == request.asset:
            committed += mandate.amount * mandate.schedule.count_between(now, now + HORIZON)
    return committed


def compute_features(facts: FeatureFacts, request: RiskRequest, policy: Policy) -> RiskFeatures:
    """What the guardian rules look at for ``request``, from facts read in its history window."""
    limits = facts.limits.effective(policy.default_limits)
    now = decided_at(request)
    spends = [s for s in facts.recent if s.asset == request.asset and s.at >= now - VELOCITY]
    to_payee = [s for s in spends if s.payee_id == request.payee_id]
    last_hour = [s for s in spends if s.at >= now - timedelta(hours=1)]
    amounts = [s.amount for s in facts.recent if s.asset == request.asset][:HISTORY]
    start = max(now, request.schedule.first_run)
    cap = policy.per_payment_cap
    return RiskFeatures(
        amount=request.amount,
        asset=request.asset,
        available_balance=facts.available,
        new_recipient=not facts.paid_before,
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
        committed_30d=_committed(facts, request, now),
        local_hour=now.astimezone(ZoneInfo(request.timezone)).hour if request.at else None,
        payee_allowed=bool(facts.payee_keys & policy.payee_allow),
        payee_denied=bool(facts.payee_keys & policy.payee_deny),
        parse_confidence=request.parse_confidence,
    )
