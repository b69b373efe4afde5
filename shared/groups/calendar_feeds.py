"""Secret, revocable iCalendar feed URLs for a group's sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.db import Base
from shared.types import UTCDateTime


class CalendarFeed(Base):
    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    group: Mapped["Group"] = relationship()  # noqa: F821
    staff: Mapped["StaffMember"] = relationship()  # noqa: F821
