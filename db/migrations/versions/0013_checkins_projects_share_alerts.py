"""Check-ins: for a project's members, stand-ups shared in the channel, and the leads' alert copies.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("project_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("share_answers", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("checkin_answers") as batch:
        batch.add_column(sa.Column("shared_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("checkin_help_requests") as batch:
        batch.add_column(sa.Column("alert_messages", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkin_help_requests") as batch:
        batch.drop_column("alert_messages")
    with op.batch_alter_table("checkin_answers") as batch:
        batch.drop_column("shared_at")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("share_answers")
        batch.drop_column("project_id")
