"""Open questions and claimed webhook updates in the database, shared by every process.

Revision ID: 0012
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0012"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_questions",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.JSON(), nullable=False),
        sa.Column("chosen_payee", sa.String(length=64), nullable=True),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("telegram_id"),
    )
    op.create_table(
        "handled_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.Column("handled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_handled_updates_claimed_at", "handled_updates", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_handled_updates_claimed_at", table_name="handled_updates")
    op.drop_table("handled_updates")
    op.drop_table("pending_questions")
