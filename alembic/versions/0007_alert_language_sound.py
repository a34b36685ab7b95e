"""Alerts in the user's language and with the sound they chose: the language Telegram reports
for a user (users.telegram_language, apart from the one chosen with /language) and the alert
kinds whose sound a user switched (alert_prefs.sound_toggled_kinds).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("telegram_language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("alert_prefs") as batch:
        batch.add_column(sa.Column("sound_toggled_kinds", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_prefs") as batch:
        batch.drop_column("sound_toggled_kinds")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("telegram_language")
