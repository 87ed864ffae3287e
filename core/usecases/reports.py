"""Facts for questions about money: upcoming payments, history, and why something was flagged."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.entities import Payment, RiskAssessment, User
from core.ports import UnitOfWork
from core.scheduling.series import UPCOMING_LIMIT
from core.states import PaymentStatus, RunStatus
from core.usecases.deps import Deps
from core.usecases.payments import registered_user

LIST_LIMIT = 20


@dataclass(frozen=True)
class Upcoming:
    """A scheduled payment and its next run times."""

    payment: Payment
    payee: str
    next_runs: tuple[datetime, ...]


@dataclass(frozen=True)
class PastRun:
    """One finished run as the payer sees it."""

    payee: str
    amount: Decimal
    asset: str
    at: datetime
    succeeded: bool
    reason: str | None


@dataclass(frozen=True)
class Flagged:
    """The latest payment the guardian scored above zero, with its reasons."""

    payee: str
    amount: Decimal
    asset: str
    assessment: RiskAssessment


@dataclass(frozen=True)
class Facts:
    """Everything a money question may need, all read from the database."""

    user: User
    balance: Decimal
    asset: str
    upcoming: tuple[Upcoming, ...] = ()
    history: tuple[PastRun, ...] = ()
    flagged: Flagged | None = None
    history_payee: str | None = None
    upcoming_more: bool = False  # more scheduled payments exist than ``upcoming`` holds


async def _name(uow: UnitOfWork, user_id: str) -> str:
    user = await uow.users.get(user_id)
    return user.name if user else "someone"


async def gather(deps: Deps, telegram_id: int, history_payee_id: str | None = None) -> Facts:
    """Read the payer's balance, upcoming runs, recent history and latest flag."""
    asset = deps.policy.default_asset
    async with deps.uow() as uow:
        user = await registered_user(uow, telegram_id)
        wallet = await uow.accounts.wallet(user.id, asset)
        balance = await uow.accounts.balance(wallet.id) if wallet else Decimal(0)
        # As many as /payments pages through (and one more, to know the count is a floor):
        # capped at LIST_LIMIT, "you have 20" was said to a payer with 30, the soonest unread.
        scheduled = await uow.payments.of_payer(
            user.id, [PaymentStatus.SCHEDULED], UPCOMING_LIMIT + 1
        )
        more = len(scheduled) > UPCOMING_LIMIT
        scheduled = scheduled[:UPCOMING_LIMIT]
        upcoming = []
        for payment in scheduled:
            due = [
                r.scheduled_at
                for r in await uow.runs.for_payment(payment.id)
                if r.status is RunStatus.DUE
            ]
            runs = tuple(due) or tuple(payment.schedule.runs(1))
            upcoming.append(Upcoming(payment, await _name(uow, payment.payee_id), runs))
        history = [
            PastRun(
                payee=await _name(uow, payment.payee_id),
                amount=payment.amount,
                asset=payment.asset,
                at=run.executed_at or run.scheduled_at,
                succeeded=run.status is RunStatus.SUCCEEDED,
                reason=run.error,
            )
            for run, payment in await uow.runs.finished_for_payer(
                user.id, history_payee_id, LIST_LIMIT
            )
        ]
        flagged = await _latest_flag(uow, user)
        payee_name = await _name(uow, history_payee_id) if history_payee_id else None
    upcoming.sort(key=lambda item: item.next_runs[0])
    return Facts(user, balance, asset, tuple(upcoming), tuple(history), flagged, payee_name, more)


async def _latest_flag(uow: UnitOfWork, user: User) -> Flagged | None:
    recent = await uow.payments.of_payer(user.id, list(PaymentStatus), LIST_LIMIT)
    for payment in recent:
        assessments = await uow.risk.for_payment(payment.id)
        flagged = [a for a in assessments if a.reasons]
        if flagged:
            return Flagged(
                await _name(uow, payment.payee_id), payment.amount, payment.asset, flagged[-1]
            )
    return None
