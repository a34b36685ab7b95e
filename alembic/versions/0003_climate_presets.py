"""Each user's climate preset ("warm car": temperature and seat/wheel heat levels).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "climate_presets",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("temp_c", sa.Float(), nullable=False),
        sa.Column("driver", sa.Integer(), nullable=False),
        sa.Column("passenger", sa.Integer(), nullable=False),
        sa.Column("wheel", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_climate_presets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_climate_presets")),
    )


def downgrade() -> None:
    op.drop_table("climate_presets")
