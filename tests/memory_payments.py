"""In-memory payments with their runs, and assessments: the same contracts as storage's."""

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from core.assessment_ports import FeatureFacts, GuardianSnapshot, HistoryWindow, listing_keys
from core.entities import Account, Payment, RiskAssessment, RiskLevel, Run
from core.limits import UserLimits
from core.payment_ports import RunOutcome, Spend
from core.states import PaymentStatus, RunStatus, check_payment_transition, check_run_transition
from tests.memory_repos import MemoryWallets, Tables, UniqueViolation

_EXPIRABLE = (PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.AWAITING_SECOND_STEP)
_FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED)


class MemoryPayments:
    """PaymentRepository over Tables: every status change a compare-and-set."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    # The payments.
    async def add(self, payment: Payment) -> None:
        """Insert a payment."""
        if payment.id in self._t.payments:
            raise UniqueViolation(f"payment {payment.id}")
        self._t.payments[payment.id] = payment

    async def get(self, payment_id: str) -> Payment | None:
        """A payment by id."""
        return self._t.payments.get(payment_id)

    async def many(self, payment_ids: Collection[str]) -> dict[str, Payment]:
        """Payments by id."""
        return {i: self._t.payments[i] for i in payment_ids if i in self._t.payments}

    def _move(self, payment_id: str, expected: PaymentStatus, **changes: object) -> bool:
        payment = self._t.payments.get(payment_id)
        if payment is None or payment.status is not expected:
            return False
        self._t.payments[payment_id] = replace(payment, **changes)  # type: ignore[arg-type]
        return True

    async def transition(
        self, payment_id: str, expected: PaymentStatus, target: PaymentStatus
    ) -> bool:
        """Compare-and-set the status."""
        check_payment_transition(expected, target)
        return self._move(payment_id, expected, status=target)

    async def reopen(self, payment_id: str, expires_at: datetime) -> bool:
        """awaiting_review → awaiting_confirmation with a fresh expiry."""
        check_payment_transition(PaymentStatus.AWAITING_REVIEW, PaymentStatus.AWAITING_CONFIRMATION)
        return self._move(
            payment_id,
            PaymentStatus.AWAITING_REVIEW,
            status=PaymentStatus.AWAITING_CONFIRMATION,
            confirm_expires_at=expires_at,
        )

    async def close(self, payment_ids: Collection[str], target: PaymentStatus) -> None:
        """Scheduled payments → target."""
        for payment_id in payment_ids:
            self._move(payment_id, PaymentStatus.SCHEDULED, status=target)

    async def expired_before(self, moment: datetime, asked_before: datetime) -> Sequence[Payment]:
        """Confirmations past their deadline; reviews asked for too long ago."""
        return [
            p
            for p in self._t.payments.values()
            if (p.status in _EXPIRABLE and p.confirm_expires_at <= moment)
            or (p.status is PaymentStatus.AWAITING_REVIEW and p.created_at <= asked_before)
        ]

    async def of_payer(
        self, payer_id: str, statuses: Sequence[PaymentStatus], limit: int
    ) -> Sequence[Payment]:
        """The payer's payments in the given states, newest first."""
        mine = [p for p in self._t.payments.values() if p.payer_id == payer_id]
        found = [p for p in mine if p.status in statuses]
        return sorted(found, key=lambda p: p.created_at, reverse=True)[:limit]

    async def awaiting_second_step(self, payer_id: str) -> Sequence[Payment]:
        """Step-up payments waiting for the typed amount, newest first."""
        waiting = [
            p
            for p in self._t.payments.values()
            if p.payer_id == payer_id and p.status is PaymentStatus.AWAITING_SECOND_STEP
        ]
        return sorted(waiting, key=lambda p: (p.created_at, p.id), reverse=True)

    async def mandates(self, payer_id: str) -> Sequence[Payment]:
        """Scheduled recurring payments of the payer."""
        return [
            p
            for p in self._t.payments.values()
            if p.payer_id == payer_id
            and p.status is PaymentStatus.SCHEDULED
            and p.schedule.rrule is not None
        ]

    # Their runs as a work queue.
    async def add_runs(self, runs: Sequence[Run]) -> None:
        """Insert runs, ignoring idempotency keys that exist."""
        keys = {r.idempotency_key for r in self._t.runs.values()}
        for run in runs:
            if run.idempotency_key not in keys:
                keys.add(run.idempotency_key)
                self._t.runs[run.id] = run
                self._t.claimed_at[run.id] = None

    def _due_of_scheduled(self) -> list[Run]:
        due = [
            r
            for r in self._t.runs.values()
            if r.status is RunStatus.DUE
            and self._t.payments[r.payment_id].status is PaymentStatus.SCHEDULED
        ]
        return sorted(due, key=lambda r: r.scheduled_at)

    def _set(
        self, runs: Sequence[Run], claimed_at: datetime | None, **changes: object
    ) -> list[Run]:
        moved = []
        for run in runs:
            self._t.runs[run.id] = replace(run, **changes)  # type: ignore[arg-type]
            if claimed_at is not None:
                self._t.claimed_at[run.id] = claimed_at
            moved.append(self._t.runs[run.id])
        return moved

    async def claim(
        self, now: datetime, limit: int, run_ids: Collection[str] | None = None
    ) -> Sequence[Run]:
        """Due runs → executing (one caller each: there is one copy of the tables per unit)."""
        check_run_transition(RunStatus.DUE, RunStatus.EXECUTING)
        due = [r for r in self._due_of_scheduled() if r.scheduled_at <= now]
        if run_ids is not None:
            due = [r for r in due if r.id in run_ids]
        return self._set(due[:limit], now, status=RunStatus.EXECUTING)

    async def mark_missed(self, before: datetime, limit: int) -> Sequence[Run]:
        """Due runs older than ``before`` → missed."""
        check_run_transition(RunStatus.DUE, RunStatus.MISSED)
        late = [r for r in self._due_of_scheduled() if r.scheduled_at < before]
        return self._set(late[:limit], None, status=RunStatus.MISSED)

    async def reclaim_abandoned(
        self, stale_before: datetime, now: datetime, limit: int
    ) -> Sequence[Run]:
        """Executing runs whose claim went stale, claimed again now."""
        stale = [
            r
            for r in sorted(self._t.runs.values(), key=lambda r: r.scheduled_at)
            if r.status is RunStatus.EXECUTING
            and (self._t.claimed_at.get(r.id) or datetime.min.replace(tzinfo=now.tzinfo))
            < stale_before
        ]
        return self._set(stale[:limit], now)

    async def finish(
        self, outcomes: Sequence[RunOutcome], executed_at: datetime, expected: RunStatus
    ) -> set[str]:
        """Compare-and-set each run to its outcome."""
        won = set()
        for outcome in outcomes:
            check_run_transition(expected, outcome.target)
            run = self._t.runs.get(outcome.run_id)
            if run is not None and run.status is expected:
                self._t.runs[run.id] = replace(
                    run,
                    status=outcome.target,
                    gateway=outcome.gateway,
                    error=outcome.error,
                    executed_at=executed_at,
                )
                won.add(run.id)
        return won

    async def cancel_due(self, payment_id: str) -> int:
        """Due runs of the payment → cancelled."""
        check_run_transition(RunStatus.DUE, RunStatus.CANCELLED)
        due = [
            r
            for r in self._t.runs.values()
            if r.payment_id == payment_id and r.status is RunStatus.DUE
        ]
        return len(self._set(due, None, status=RunStatus.CANCELLED))

    async def unfinished(self, payment_ids: Collection[str]) -> set[str]:
        """Payments with a due or executing run."""
        open_ = (RunStatus.DUE, RunStatus.EXECUTING)
        return {
            r.payment_id
            for r in self._t.runs.values()
            if r.payment_id in payment_ids and r.status in open_
        }

    # Their history.
    async def runs_of(self, payment_id: str) -> Sequence[Run]:
        """A payment's runs in schedule order."""
        mine = [r for r in self._t.runs.values() if r.payment_id == payment_id]
        return sorted(mine, key=lambda r: r.scheduled_at)

    async def upcoming(self, payer_id: str, limit: int) -> Sequence[tuple[Run, Payment]]:
        """The payer's next due runs of scheduled payments."""
        due = [
            (r, self._t.payments[r.payment_id])
            for r in self._due_of_scheduled()
            if self._t.payments[r.payment_id].payer_id == payer_id
        ]
        return due[:limit]

    async def finished_for_payer(
        self, payer_id: str, payee_id: str | None, limit: int
    ) -> Sequence[tuple[Run, Payment]]:
        """Succeeded or failed runs of the payer's payments, newest first."""
        pairs = [(r, self._t.payments[r.payment_id]) for r in self._t.runs.values()]
        found = [
            (r, p)
            for r, p in pairs
            if p.payer_id == payer_id
            and r.status in _FINISHED
            and (payee_id is None or p.payee_id == payee_id)
        ]
        return sorted(found, key=lambda rp: rp[0].scheduled_at, reverse=True)[:limit]

    async def succeeded_runs(self) -> Sequence[Run]:
        """Runs that succeeded."""
        return [r for r in self._t.runs.values() if r.status is RunStatus.SUCCEEDED]

    def succeeded_spends(self, payer_id: str) -> list[Spend]:
        """The payer's succeeded runs as spends, newest first."""
        spends = []
        for run in self._t.runs.values():
            pay = self._t.payments[run.payment_id]
            if pay.payer_id == payer_id and run.status is RunStatus.SUCCEEDED:
                at = run.executed_at or run.scheduled_at
                spends.append(Spend(pay.id, pay.payee_id, pay.amount, pay.asset, at))
        return sorted(spends, key=lambda s: s.at, reverse=True)

    async def spends(self, payer_id: str, since: datetime) -> Sequence[Spend]:
        """Succeeded runs executed at or after ``since``."""
        return [s for s in self.succeeded_spends(payer_id) if s.at >= since]

    def in_window(self, payer_id: str, asset: str, window: HistoryWindow) -> list[Spend]:
        """The payer's succeeded runs in ``asset`` that ``window`` takes, newest first."""
        mine = [s for s in self.succeeded_spends(payer_id) if s.asset == asset]
        return [s for n, s in enumerate(mine) if n < window.newest or s.at >= window.since]

    def paid(self, payer_id: str, payee_id: str) -> bool:
        """Has this payer a succeeded run to this payee?"""
        return any(s.payee_id == payee_id for s in self.succeeded_spends(payer_id))

    def runs_done(self, payment_id: str) -> int:
        """Succeeded runs of one payment."""
        return sum(
            1
            for r in self._t.runs.values()
            if r.payment_id == payment_id and r.status is RunStatus.SUCCEEDED
        )


class MemoryAssessments:
    """AssessmentRepository over Tables."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add_many(self, assessments: Sequence[RiskAssessment]) -> None:
        """Store assessments."""
        self._t.assessments.extend(assessments)

    async def for_payment(self, payment_id: str) -> Sequence[RiskAssessment]:
        """A payment's assessments, oldest first."""
        mine = [a for a in self._t.assessments if a.payment_id == payment_id]
        return sorted(mine, key=lambda a: a.created_at or datetime.min)

    async def assessed_run_ids(self) -> set[str]:
        """Runs with at least one assessment."""
        return {a.run_id for a in self._t.assessments if a.run_id is not None}

    async def snapshot(
        self, payments: Sequence[Payment], user_ids: set[str], window: HistoryWindow
    ) -> GuardianSnapshot:
        """What the pre-run checks read, from the same tables the other repositories use."""
        wallets = MemoryWallets(self._t)
        runs = MemoryPayments(self._t)
        payer_ids = {p.payer_id for p in payments}
        funds: dict[tuple[str, str], tuple[Account, Decimal]] = {}
        for account in await wallets.all_wallets():
            if account.owner_id in user_ids:
                found = await wallets.funds(account.owner_id, account.asset)
                assert found is not None
                funds[(account.owner_id, account.asset)] = (account, found[1])
        approved: dict[str, RiskLevel] = {}
        for assessment in sorted(self._t.assessments, key=lambda a: a.created_at or datetime.min):
            if assessment.payment_id in {p.id for p in payments} and assessment.run_id is None:
                approved.setdefault(assessment.payment_id, assessment.level)
        pairs = {(p.payer_id, p.asset) for p in payments}
        return GuardianSnapshot(
            users={u: self._t.users[u] for u in user_ids if u in self._t.users},
            wallets=funds,
            limits={p: self._t.limits[p] for p in payer_ids if p in self._t.limits},
            recent={(p, a): runs.in_window(p, a, window) for p, a in pairs},
            paid={(p.payer_id, p.payee_id) for p in payments if runs.paid(p.payer_id, p.payee_id)},
            runs_done={
                p.id: runs.runs_done(p.id)
                for p in payments
                if p.max_runs is not None or p.total_budget is not None
            },
            mandates={p: list(await runs.mandates(p)) for p in payer_ids},
            approved=approved,
        )

    async def feature_facts(
        self, payer_id: str, payee_id: str, asset: str, window: HistoryWindow
    ) -> FeatureFacts:
        """One request's facts from the tables."""
        runs = MemoryPayments(self._t)
        found = await MemoryWallets(self._t).funds(payer_id, asset)
        payee = self._t.users.get(payee_id)
        return FeatureFacts(
            available=Decimal(0) if found is None else found[1],
            limits=self._t.limits.get(payer_id, UserLimits()),
            paid_before=runs.paid(payer_id, payee_id),
            payee_keys=listing_keys(payee.telegram_id, payee.username) if payee else frozenset(),
            recent=runs.in_window(payer_id, asset, window),
            mandates=list(await runs.mandates(payer_id)),
        )
