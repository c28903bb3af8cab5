"""Retention: each server chooses how long project lists and done reminders are kept (issue 13).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("keep_project_days", sa.Integer(), nullable=False, server_default="730"))
        batch.add_column(sa.Column("keep_reminder_days", sa.Integer(), nullable=False, server_default="30"))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("keep_reminder_days")
        batch.drop_column("keep_project_days")
