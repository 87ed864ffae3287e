"""A revision per person's profile: renames show in every process's contact directory.

Revision ID: 0017_profile_revisions
Revises: 0016_audit_entries
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_profile_revisions"
down_revision = "0016_audit_entries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.add_column(
            sa.Column("profile_revision", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.drop_column("profile_revision")
