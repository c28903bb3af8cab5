"""My data (bot/services/mydata): the one thing kept after a member deletes their data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake


class DoNotContact(Base):
    """A member asked Connect never to message them. Kept when their data is deleted, so it still holds."""

    __tablename__ = "do_not_contact"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    since: Mapped[datetime]
