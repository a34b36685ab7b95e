"""Places (issue 16): saved places per user and car with the car's presence and the evening
reminder, the place being added or renamed, live locations, and shares "without location".

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def _vehicle_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["vehicle_id"],
        ["vehicles.id"],
        name=op.f(f"fk_{table}_vehicle_id_vehicles"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("vehicle_shares") as batch:
        batch.add_column(
            sa.Column("with_location", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Integer(), nullable=False),
        sa.Column("is_home", sa.Boolean(), nullable=False),
        sa.Column("notify_arrive", sa.Boolean(), nullable=False),
        sa.Column("notify_leave", sa.Boolean(), nullable=False),
        sa.Column("quiet_unlocked", sa.Boolean(), nullable=False),
        sa.Column("inside", sa.Boolean(), nullable=True),
        sa.Column("visit", sa.Integer(), nullable=False),
        sa.Column("changed_at", _WHEN, nullable=True),
        sa.Column("remind_minute", sa.Integer(), nullable=True),
        sa.Column("remind_below", sa.Integer(), nullable=False),
        sa.Column("remind_next_at", _WHEN, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        _user_fk("places"),
        _vehicle_fk("places"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    op.create_index("ix_places_user_id", "places", ["user_id"], unique=False)
    op.create_index("ix_places_vehicle_id", "places", ["vehicle_id"], unique=False)
    op.create_table(
        "place_drafts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", _WHEN, nullable=False),
        _user_fk("place_drafts"),
        _vehicle_fk("place_drafts"),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_place_drafts_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_place_drafts")),
    )
    op.create_table(
        "live_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("until", _WHEN, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("stopped_at", _WHEN, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        _user_fk("live_locations"),
        _vehicle_fk("live_locations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_locations")),
    )
    op.create_index(
        "ix_live_locations_vehicle_id", "live_locations", ["vehicle_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_live_locations_vehicle_id", table_name="live_locations")
    op.drop_table("live_locations")
    op.drop_table("place_drafts")
    op.drop_index("ix_places_vehicle_id", table_name="places")
    op.drop_index("ix_places_user_id", table_name="places")
    op.drop_table("places")
    with op.batch_alter_table("vehicle_shares") as batch:
        batch.drop_column("with_location")
