"""Telegram's per-bot limits shared by a fleet: live processes, and each person's flood bucket.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fleet_members",
        sa.Column("process_id", sa.String(64), primary_key=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_fleet_members_seen_at", "fleet_members", ["seen_at"])
    op.create_table(
        "flood_buckets",
        sa.Column("person_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("warned", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_flood_buckets_at", "flood_buckets", ["at"])


def downgrade() -> None:
    op.drop_index("ix_flood_buckets_at", "flood_buckets")
    op.drop_table("flood_buckets")
    op.drop_index("ix_fleet_members_seen_at", "fleet_members")
    op.drop_table("fleet_members")
