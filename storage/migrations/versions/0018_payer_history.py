"""Runs carry their payer, indexed with status and time: the guardian reads bounded windows.

Revision ID: 0018_payer_history
Revises: 0017_profile_revisions
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_payer_history"
down_revision = "0017_profile_revisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("payer_id", sa.String(64), nullable=True))
    op.execute(
        "UPDATE runs SET payer_id = "
        "(SELECT payments.payer_id FROM payments WHERE payments.id = runs.payment_id)"
    )
    with op.batch_alter_table("runs") as table:
        table.alter_column("payer_id", existing_type=sa.String(64), nullable=False)
    op.create_index("ix_runs_payer_executed", "runs", ["payer_id", "executed_at"])
    op.create_index("ix_payments_payer_payee", "payments", ["payer_id", "payee_id"])


def downgrade() -> None:
    op.drop_index("ix_payments_payer_payee", table_name="payments")
    op.drop_index("ix_runs_payer_executed", table_name="runs")
    with op.batch_alter_table("runs") as table:
        table.drop_column("payer_id")
