"""Notices that can never arrive: ended as undeliverable, with a notice told instead.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as outbox:
        outbox.add_column(sa.Column("fallback", sa.JSON(), nullable=True))
        outbox.add_column(sa.Column("undeliverable_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("unreachable_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.drop_column("unreachable_at")
    with op.batch_alter_table("outbox") as outbox:
        outbox.drop_column("undeliverable_at")
        outbox.drop_column("fallback")
