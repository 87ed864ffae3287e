"""Guardian: per-user limits, mandate limits on payments, the LLM opinion on assessments.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_limits",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("per_payment_micros", sa.BigInteger(), nullable=True),
        sa.Column("per_day_micros", sa.BigInteger(), nullable=True),
        sa.Column("per_recipient_day_micros", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("max_runs", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("total_budget_units", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("risk_assessments") as batch:
        batch.add_column(sa.Column("opinion", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("risk_assessments") as batch:
        batch.drop_column("opinion")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("total_budget_units")
        batch.drop_column("max_runs")
    op.drop_table("user_limits")
