"""Composite indexes for the batch reads of the scheduler (they replace single-column ones).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (new composite index, table, columns, the single-column index it makes redundant, its column)
_SWAPS = (
    ("ix_payments_payer_status", "payments", ["payer_id", "status"], "ix_payments_payer_id"),
    ("ix_runs_payment_status", "runs", ["payment_id", "status"], "ix_runs_payment_id"),
    (
        "ix_risk_assessments_payment_run",
        "risk_assessments",
        ["payment_id", "run_id"],
        "ix_risk_assessments_payment_id",
    ),
)


def upgrade() -> None:
    for name, table, columns, old in _SWAPS:
        op.create_index(name, table, columns, unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for name, table, columns, old in _SWAPS:
        op.create_index(old, table, columns[:1], unique=False)
        op.drop_index(name, table_name=table)
