"""The trip journal: each drive the cloud's journal recorded, keyed by car and trip id.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vehicle_trips",
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.BigInteger(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("distance_km", sa.REAL(), nullable=True),
        sa.Column("average_kmh", sa.REAL(), nullable=True),
        sa.Column("kwh_per_100km", sa.REAL(), nullable=True),
        sa.Column("start_odometer_km", sa.REAL(), nullable=True),
        sa.Column("end_odometer_km", sa.REAL(), nullable=True),
        sa.Column("start_lat", sa.REAL(), nullable=True),
        sa.Column("start_lon", sa.REAL(), nullable=True),
        sa.Column("end_lat", sa.REAL(), nullable=True),
        sa.Column("end_lon", sa.REAL(), nullable=True),
        sa.Column("regenerated_kwh", sa.REAL(), nullable=True),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_vehicle_trips_vehicle_id_vehicles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vehicle_id", "trip_id", name=op.f("pk_vehicle_trips")),
    )
    op.create_index(
        "ix_vehicle_trips_vehicle_id_start_at", "vehicle_trips", ["vehicle_id", "start_at"]
    )
    op.create_index("ix_vehicle_trips_end_at", "vehicle_trips", ["end_at"])


def downgrade() -> None:
    op.drop_index("ix_vehicle_trips_end_at", table_name="vehicle_trips")
    op.drop_index("ix_vehicle_trips_vehicle_id_start_at", table_name="vehicle_trips")
    op.drop_table("vehicle_trips")
