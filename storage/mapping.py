"""Rows ↔ core records, at the storage boundary (ORM rows or Core rows of the same columns)."""

from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table

from core.entities import (
    Account,
    AccountKind,
    Payment,
    RiskAssessment,
    RiskLevel,
    Run,
    User,
)
from core.money import from_minor_units, to_minor_units
from core.schedule import Schedule
from core.states import PaymentStatus, RunStatus
from storage.models import AccountRow, PaymentRow, RiskAssessmentRow, RunRow, UserRow

_USER = ("id", "telegram_id", "name", "username", "timezone")
_ACCOUNT = ("id", "asset", "kind", "owner_id")
_PAYMENT = (
    "id", "payer_id", "payee_id", "amount_units", "asset", "first_run", "timezone", "rrule",
    "run_count", "status", "details_hash", "created_at", "confirm_expires_at", "note",
    "max_runs", "total_budget_units",
)  # fmt: skip
_RUN = (
    "id", "payment_id", "scheduled_at", "idempotency_key", "status", "gateway", "error",
    "executed_at",
)  # fmt: skip


def _at(model: Any, names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields of a Core row that holds every column of ``model``'s table, in order.

    A Core row's fields by attribute cost about a microsecond each, by position a thirtieth of
    that; the batch reads of a scheduler tick map tens of thousands of rows.
    """
    columns = [c.name for c in cast(Table, model.__table__).c]
    return itemgetter(*(columns.index(n) for n in names))


def _of(row: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(row, n) for n in names)


def user(row: UserRow | Any) -> User:
    """Row → User."""
    return User(*_of(row, _USER))


def user_at(row: Any) -> User:
    """A Core row of the whole users table → User."""
    return User(*_USER_AT(row))


def user_row(value: User) -> UserRow:
    """User → row."""
    return UserRow(
        id=value.id,
        telegram_id=value.telegram_id,
        name=value.name,
        username=value.username,
        timezone=value.timezone,
    )


def account(row: AccountRow | Any) -> Account:
    """Row → Account."""
    return account_of(*_of(row, _ACCOUNT))


def account_of(id_: str, asset: str, kind: str, owner_id: str | None) -> Account:
    """An account's columns (as selected, unpacked) → Account."""
    return Account(id_, asset, AccountKind(kind), owner_id)


def payment(row: PaymentRow | Any) -> Payment:
    """Row → Payment."""
    return _payment(*_of(row, _PAYMENT))


def payment_at(row: Any) -> Payment:
    """A Core row of the whole payments table → Payment."""
    return _payment(*_PAYMENT_AT(row))


def _payment(
    id_: str,
    payer_id: str,
    payee_id: str,
    amount_units: int,
    asset: str,
    first_run: datetime,
    timezone: str,
    rrule: str | None,
    run_count: int | None,
    status: str,
    details_hash: str,
    created_at: datetime,
    confirm_expires_at: datetime,
    note: str | None,
    max_runs: int | None,
    total_budget_units: int | None,
) -> Payment:
    schedule = Schedule(first_run=first_run, timezone=timezone, rrule=rrule, count=run_count)
    return Payment(
        id=id_,
        payer_id=payer_id,
        payee_id=payee_id,
        amount=from_minor_units(amount_units, asset),
        asset=asset,
        schedule=schedule,
        status=PaymentStatus(status),
        details_hash=details_hash,
        created_at=created_at,
        confirm_expires_at=confirm_expires_at,
        note=note,
        max_runs=max_runs,
        total_budget=(
            from_minor_units(total_budget_units, asset) if total_budget_units is not None else None
        ),
    )


def payment_row(value: Payment) -> PaymentRow:
    """Payment → row."""
    return PaymentRow(
        id=value.id,
        payer_id=value.payer_id,
        payee_id=value.payee_id,
        amount_units=to_minor_units(value.amount, value.asset),
        asset=value.asset,
        first_run=value.schedule.first_run,
        timezone=value.schedule.timezone,
        rrule=value.schedule.rrule,
        run_count=value.schedule.count,
        status=value.status.value,
        details_hash=value.details_hash,
        created_at=value.created_at,
        confirm_expires_at=value.confirm_expires_at,
        note=value.note,
        max_runs=value.max_runs,
        total_budget_units=(
            to_minor_units(value.total_budget, value.asset)
            if value.total_budget is not None
            else None
        ),
    )


def run(row: RunRow | Any) -> Run:
    """Row → Run."""
    return _run(*_of(row, _RUN))


def run_at(row: Any) -> Run:
    """A Core row of the whole runs table → Run."""
    return _run(*_RUN_AT(row))


def _run(
    id_: str,
    payment_id: str,
    scheduled_at: datetime,
    idempotency_key: str,
    status: str,
    gateway: str | None,
    error: str | None,
    executed_at: datetime | None,
) -> Run:
    return Run(
        id=id_,
        payment_id=payment_id,
        scheduled_at=scheduled_at,
        idempotency_key=idempotency_key,
        status=RunStatus(status),
        gateway=gateway,
        error=error,
        executed_at=executed_at,
    )


def assessment(row: RiskAssessmentRow | Any) -> RiskAssessment:
    """Row → RiskAssessment."""
    return RiskAssessment(
        id=row.id,
        payment_id=row.payment_id,
        score=row.score,
        level=RiskLevel(row.level),
        reasons=tuple(row.reasons),
        features=dict(row.features),
        rule_hits=tuple(row.rule_hits),
        ruleset_version=row.ruleset_version,
        created_at=row.created_at,
        run_id=row.run_id,
        opinion=row.opinion,
    )


def assessment_values(value: RiskAssessment) -> dict[str, Any]:
    """RiskAssessment → the column values of its row."""
    assert value.created_at is not None
    return {
        "id": value.id,
        "payment_id": value.payment_id,
        "run_id": value.run_id,
        "score": value.score,
        "level": value.level.value,
        "reasons": list(value.reasons),
        "features": value.features,
        "rule_hits": list(value.rule_hits),
        "ruleset_version": value.ruleset_version,
        "created_at": value.created_at,
        "opinion": value.opinion,
    }


def assessment_row(value: RiskAssessment) -> RiskAssessmentRow:
    """RiskAssessment → row."""
    return RiskAssessmentRow(**assessment_values(value))


_USER_AT = _at(UserRow, _USER)
_PAYMENT_AT = _at(PaymentRow, _PAYMENT)
_RUN_AT = _at(RunRow, _RUN)
