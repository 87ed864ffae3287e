"""Several processes, one fleet: shared overrides and gateway keys, one active incident each.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status != 'resolved'")


def upgrade() -> None:
    op.create_table(
        "gateway_overrides",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "simulated_charges",
        sa.Column("gateway", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("charged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("gateway", "key"),
    )
    op.create_index("ix_simulated_charges_charged_at", "simulated_charges", ["charged_at"])
    op.add_column("gateway_minutes", sa.Column("source", sa.String(length=16), nullable=True))
    # Duplicates from the time every process planned incidents: keep the newest per gateway.
    op.execute(
        "UPDATE incidents SET status = 'resolved', resolved_at = updated_at "
        "WHERE status != 'resolved' AND id NOT IN ("
        " SELECT MAX(id) FROM incidents WHERE status != 'resolved' GROUP BY gateway)"
    )
    op.create_index(
        "uq_incidents_one_active",
        "incidents",
        ["gateway"],
        unique=True,
        postgresql_where=ACTIVE,
        sqlite_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_incidents_one_active", table_name="incidents")
    with op.batch_alter_table("gateway_minutes") as batch:
        batch.drop_column("source")
    op.drop_index("ix_simulated_charges_charged_at", table_name="simulated_charges")
    op.drop_table("simulated_charges")
    op.drop_table("gateway_overrides")
