"""The history: compact samples of each car's state, keyed by car and time; each user's
price per kWh for charging costs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("price_per_kwh", sa.Float(), nullable=True))
    op.create_table(
        "vehicle_samples",
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("soc", sa.SmallInteger(), nullable=True),
        sa.Column("range_km", sa.SmallInteger(), nullable=True),
        sa.Column("flags", sa.SmallInteger(), nullable=False),
        sa.Column("power_kw", sa.REAL(), nullable=True),
        sa.Column("odometer_km", sa.REAL(), nullable=True),
        sa.Column("lat", sa.REAL(), nullable=True),
        sa.Column("lon", sa.REAL(), nullable=True),
        sa.Column("speed_kmh", sa.REAL(), nullable=True),
        sa.Column("inside_c", sa.REAL(), nullable=True),
        sa.Column("outside_c", sa.REAL(), nullable=True),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_vehicle_samples_vehicle_id_vehicles"),
            ondelete="CASCADE",
        ),
        # The primary key is the index of a chart's query: one car, a range of time.
        sa.PrimaryKeyConstraint("vehicle_id", "at", name=op.f("pk_vehicle_samples")),
    )
    # Retention deletes by time across all cars.
    op.create_index("ix_vehicle_samples_at", "vehicle_samples", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_vehicle_samples_at", table_name="vehicle_samples")
    op.drop_table("vehicle_samples")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("price_per_kwh")
