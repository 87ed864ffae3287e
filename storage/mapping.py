"""Rows ↔ core records, at the storage boundary (ORM rows or Core rows of the same columns)."""

from typing import Any

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


def user(row: UserRow | Any) -> User:
    """Row → User."""
    return User(row.id, row.telegram_id, row.name, row.username, row.timezone)


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
    return Account(row.id, row.asset, AccountKind(row.kind), row.owner_id)


def payment(row: PaymentRow | Any) -> Payment:
    """Row → Payment."""
    schedule = Schedule(
        first_run=row.first_run, timezone=row.timezone, rrule=row.rrule, count=row.run_count
    )
    return Payment(
        id=row.id,
        payer_id=row.payer_id,
        payee_id=row.payee_id,
        amount=from_minor_units(row.amount_units, row.asset),
        asset=row.asset,
        schedule=schedule,
        status=PaymentStatus(row.status),
        details_hash=row.details_hash,
        created_at=row.created_at,
        confirm_expires_at=row.confirm_expires_at,
        note=row.note,
        max_runs=row.max_runs,
        total_budget=(
            from_minor_units(row.total_budget_units, row.asset)
            if row.total_budget_units is not None
            else None
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
    return Run(
        id=row.id,
        payment_id=row.payment_id,
        scheduled_at=row.scheduled_at,
        idempotency_key=row.idempotency_key,
        status=RunStatus(row.status),
        gateway=row.gateway,
        error=row.error,
        executed_at=row.executed_at,
    )


def run_row(value: Run) -> RunRow:
    """Run → row."""
    return RunRow(
        id=value.id,
        payment_id=value.payment_id,
        scheduled_at=value.scheduled_at,
        idempotency_key=value.idempotency_key,
        status=value.status.value,
        gateway=value.gateway,
        error=value.error,
        executed_at=value.executed_at,
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
