"""Enrolled tablets, one-time enrolment codes and walk-in visitors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.db import Base
from shared.types import UTCDateTime


class EnrolmentCode(Base):
    """A one-time code staff give to a tablet so it can join a group's kiosk."""

    __tablename__ = "enrolment_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    group: Mapped["Group"] = relationship()  # noqa: F821


class Device(Base):
    """An enrolled tablet. Its cookie holds a random token; only the token's hash is stored."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Tablet-wide PIN throttling (stops one PIN being tried on everybody, shared.kiosk.pins): people
    # with a wrong PIN since the tablet's last right one, and its growing pauses. Nothing about feedback.
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    first_pin_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    pin_locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    pin_lock_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    group: Mapped["Group"] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __str__(self) -> str:
        return self.name


class WalkIn(Base):
    """Somebody who came to discover the group; staff link them to a person record later."""

    __tablename__ = "walk_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    # The tablet whose offline queue brought the visit (None: typed online): its cap per session
    # (shared.kiosk.offline_limits.MAX_WALK_INS_PER_TABLET).
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))

    session: Mapped["Session"] = relationship()  # noqa: F821
    participant: Mapped["Participant | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return self.first_name
