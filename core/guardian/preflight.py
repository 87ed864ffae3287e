"""The checks before every run: the guardian again, the mandate's limits, the payer's limits."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.assessment_ports import GuardianSnapshot
from core.deps import Assessed, Deps, RiskRequest
from core.entities import Payment, RiskAssessment, RiskLevel, Run
from core.guardian.features import compute_features, history_window
from core.guardian.records import assessment_record
from core.guardian.snapshot_reads import facts_from
from core.money import format_amount
from core.ports import UnitOfWork
from core.rules.engine import evaluate

_RANK = {RiskLevel.ALLOW: 0, RiskLevel.STEP_UP: 1, RiskLevel.BLOCK: 2}


@dataclass(frozen=True)
class Verdict:
    """Whether a run may go ahead, and if not, the plain reason."""

    proceed: bool
    reason: str | None = None
    exhausted: bool = False  # the mandate's limits are used up: the series is over


async def snapshot_for(
    deps: Deps, uow: UnitOfWork, items: Sequence[tuple[Run, Payment]]
) -> GuardianSnapshot:
    """The reads the pre-run checks of ``items`` need, for the whole batch in a few queries.

    Payees are read too (users and wallets): the settle after a claim uses them for the
    postings and receipts instead of reading them again.
    """
    payments = list({p.id: p for _, p in items}.values())
    people = {p.payer_id for p in payments} | {p.payee_id for p in payments}
    # The checks judge every run at the clock's now (see _check).
    window = history_window([deps.clock.now()])
    return await uow.assessments.snapshot(payments, people, window)


async def preflight_many(
    deps: Deps,
    uow: UnitOfWork,
    items: Sequence[tuple[Run, Payment]],
    snap: GuardianSnapshot | None = None,
) -> dict[str, Verdict]:
    """Re-run the guardian on each payment as it stands now and check the mandates' limits.

    The reads come from ``snap`` (snapshot_for these items, read here when not given).
    Each assessment is stored with its run. A run goes ahead only when no block rule fires and
    the band is no higher than the one the payer (or an operator) approved.
    """
    if snap is None:
        snap = await snapshot_for(deps, uow, items)
    verdicts: dict[str, Verdict] = {}
    assessments: list[RiskAssessment] = []
    for run, payment in items:
        verdicts[run.id], assessment = _check(deps, snap, run, payment)
        if assessment is not None:
            assessments.append(assessment)
    await uow.assessments.add_many(assessments)  # one statement for the batch
    return verdicts


def _check(
    deps: Deps, snap: GuardianSnapshot, run: Run, payment: Payment
) -> tuple[Verdict, RiskAssessment | None]:
    """One run's verdict and the assessment to store with it."""
    runs = snap.runs_done.get(payment.id, 0)  # counted for series with a count or budget only
    spent = payment.amount * runs
    if payment.max_runs is not None and runs >= payment.max_runs:
        return Verdict(False, f"all {payment.max_runs} runs of this series are done", True), None
    budget = payment.total_budget
    if budget is not None and spent + payment.amount > budget:
        left = format_amount(budget - spent, payment.asset)
        return Verdict(False, f"only {left} of the series budget is left", True), None
    payer = snap.users.get(payment.payer_id)
    now = deps.clock.now()
    request = RiskRequest(
        payment.payer_id,
        payment.payee_id,
        payment.amount,
        payment.asset,
        payment.schedule,
        at=now,
        timezone=payer.timezone if payer else "UTC",
        payment_id=payment.id,
    )
    features = compute_features(facts_from(snap, request), request, deps.policy)
    decision = evaluate(features, deps.policy.rules)
    # A payer who cannot cover the run is told so plainly by the funds check that follows;
    # the balance-share rules would otherwise report the same shortfall as a risk.
    short_of_funds = features.available_balance < payment.amount
    assessed = Assessed(features, decision)
    assessment = assessment_record(deps.ids.new_id(), payment.id, assessed, now, run.id)
    ceiling = snap.approved.get(payment.id, RiskLevel.ALLOW)
    if decision.hard or (_RANK[decision.level] > _RANK[ceiling] and not short_of_funds):
        return Verdict(False, "; ".join(decision.reasons) or "the risk checks failed"), assessment
    return Verdict(True), assessment
