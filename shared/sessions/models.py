"""A session of a group on a given day, and who attended it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.types import UTCDateTime
from shared.labels import LabelledEnum, enum_column


# The other groups of a joint session (séance commune): their people are expected too, sign in on either group's
# tablet and are counted in their own group's attendance. The session's ``group`` hosts it.
session_guest_group = Table(
    "session_guest_group",
    Base.metadata,
    Column("session_id", ForeignKey("session.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("group.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Session(Base):
    """One meeting (séance) of a group. Named like the glossary; not an ORM session."""

    __tablename__ = "session"
    __table_args__ = (
        UniqueConstraint("group_id", "held_on"),
        CheckConstraint("ends_at > starts_at", name="hours_order"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    # A session held with a partner structure (a visit, a workshop there); at its address when ``at_partner``.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    at_partner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    group: Mapped["Group"] = relationship()  # noqa: F821
    guest_groups: Mapped[list["Group"]] = relationship(  # noqa: F821
        secondary=session_guest_group, order_by="Group.name")
    partner: Mapped["Partner | None"] = relationship()  # noqa: F821
    theme: Mapped["Theme | None"] = relationship()  # noqa: F821
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        label = self.title or (self.theme.name if self.theme else "Séance")
        return f"{fr(self.held_on)} – {label}"

    @property
    def is_joint(self) -> bool:
        return bool(self.guest_groups)

    @property
    def group_ids(self) -> list[int]:
        """The host group first, then the guests: every group whose people are expected."""
        return [self.group_id, *(group.id for group in self.guest_groups)]

    @property
    def venue(self) -> str | None:
        """Where it is held: the partner's address when held there, else the place typed."""
        if self.at_partner and self.partner is not None:
            return ", ".join(filter(None, [self.partner.name, self.partner.address]))
        return self.place

    def opens_at(self, group_opens_before_minutes: int) -> dt.datetime:
        start = dt.datetime.combine(self.held_on, self.starts_at, tzinfo=clock.CENTRE_TZ)
        return start - dt.timedelta(minutes=group_opens_before_minutes)

    def closes_at(self) -> dt.datetime:
        return dt.datetime.combine(self.held_on, self.ends_at, tzinfo=clock.CENTRE_TZ)


class AttendanceStatus(LabelledEnum):
    PRESENT = ("present", "Présent(e)")
    EXCUSED = ("excused", "Excusé(e)")
    ABSENT = ("absent", "Absent(e)")


class AttendanceSource(LabelledEnum):
    KIOSK = ("kiosk", "Tablette")
    STAFF = ("staff", "Équipe")


class Attendance(Base):
    """Émargement: one row per session and person."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        # A person's attendance by status: the participant status's trial count reads this index alone.
        Index("ix_attendance_participant_status", "participant_id", "status", "is_trial", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus), default=AttendanceStatus.PRESENT
    )
    # True when the person had no contract in force that day (a trial session).
    is_trial: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[AttendanceSource] = mapped_column(enum_column(AttendanceSource), default=AttendanceSource.STAFF)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())

    session: Mapped[Session] = relationship(back_populates="attendances")
    participant: Mapped["Participant"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"{self.participant} – {self.status.label}"
