"""Secret, revocable iCalendar feed URLs for a group's sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import ForeignKey, Select, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import Base
from shared.types import UTCDateTime
from shared.writes import operation


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


# --- Operations -------------------------------------------------------------------------------
#
# The token is the only credential of the feed URL: we store its SHA-256 only, show the token
# once at creation, and a revoked (or unknown) token finds nothing.


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@operation
def create_feed(db: DbSession, group: "Group", staff: "StaffMember") -> tuple[CalendarFeed, str]:  # noqa: F821
    """A new secret feed URL for ``staff`` on ``group``'s sessions; returns the feed and its token."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(group=group, staff=staff, token_hash=hash_token(token))
    db.add(feed)
    db.flush()
    return feed, token


@operation
def revoke_feed(db: DbSession, feed: CalendarFeed) -> CalendarFeed:
    """Revoke for good; revoking twice keeps the first date."""
    if feed.revoked_at is None:
        feed.revoked_at = clock.now()
        db.flush()
    return feed


def feeds_of(staff: "StaffMember") -> Select:  # noqa: F821
    return select(CalendarFeed).where(CalendarFeed.staff_id == staff.id).order_by(CalendarFeed.created_at.desc())


def feed_for_token(db: DbSession, token: str | None) -> CalendarFeed | None:
    """The live feed for this token: not revoked, its owner still active; else None."""
    from shared.staff.models import StaffMember

    if not token or len(token) > 200:
        return None
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token)))
    if feed is None or feed.revoked_at is not None:
        return None
    staff = db.get(StaffMember, feed.staff_id)
    if staff is None or not staff.active:
        return None
    return feed
