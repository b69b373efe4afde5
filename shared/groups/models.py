"""A collective action (``Group``) and the editable list of activity themes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Time, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.dates import fr_time
from shared.db import Base

group_staff = Table(
    "group_staff",
    Base.metadata,
    Column("group_id", ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True),
)

WEEKDAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e", 5: "5e"}


class Theme(Base):
    """An activity theme: cuisine, ateliers manuels, sorties, santé nutrition, jardinage..."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # Key of the pictogram the kiosk shows (an SVG file shipped with the kiosk).
    pictogram: Mapped[str] = mapped_column(String(40), default="atelier")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:
        return self.name


class Group(Base):
    """A standing collective action (ISIC) such as ID'MIX, at one centre of one district."""

    __tablename__ = "group"
    __table_args__ = (
        CheckConstraint("trial_allowance >= 0 AND trial_allowance <= 20", name="trial_allowance_range"),
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
        CheckConstraint("meets_until > meets_from", name="hours_order"),
        CheckConstraint("checkin_opens_before >= 0 AND checkin_opens_before <= 240", name="checkin_window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    district: Mapped[str] = mapped_column(String(120))
    location: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[dt.date] = mapped_column(Date)
    # Which occurrences of the weekday in the month, e.g. "2,4" = 2nd and 4th Thursday.
    meeting_weeks: Mapped[str] = mapped_column(String(20), default="2,4")
    weekday: Mapped[int] = mapped_column(Integer, default=3)  # Monday=0 ... Thursday=3
    meets_from: Mapped[dt.time] = mapped_column(Time, default=dt.time(14, 0))
    meets_until: Mapped[dt.time] = mapped_column(Time, default=dt.time(17, 0))
    trial_allowance: Mapped[int] = mapped_column(Integer, default=3)
    # Sign-in window: opens this many minutes before the start, closes at the end of the session.
    checkin_opens_before: Mapped[int] = mapped_column(Integer, default=30)
    requires_pin: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Reminders (shared.messaging): the day before at this time, and optionally on the morning itself.
    reminder_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(18, 0), server_default="18:00:00")
    morning_reminder_at: Mapped[dt.time | None] = mapped_column(Time)
    # A subdivision of the ``holidays`` package (Alsace, Moselle, overseas departments); None: mainland France.
    holiday_region: Mapped[str | None] = mapped_column(String(10))
    # Collective decisions (shared.decisions): a proposal may come from someone who did not sign in.
    anonymous_proposals: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    staff: Mapped[list["StaffMember"]] = relationship(  # noqa: F821
        secondary=group_staff, back_populates="groups"
    )

    def __str__(self) -> str:
        return self.name

    @property
    def weeks(self) -> list[int]:
        return parse_meeting_weeks(self.meeting_weeks)

    @property
    def rhythm_label(self) -> str:
        """E.g. "2e et 4e jeudis du mois, 14h00–17h00"."""
        ordinals = [ORDINALS[w] for w in self.weeks]
        text = " et ".join([", ".join(ordinals[:-1]), ordinals[-1]] if len(ordinals) > 1 else ordinals)
        return (
            f"{text} {WEEKDAY_NAMES[self.weekday]}s du mois, "
            f"{fr_time(self.meets_from)}–{fr_time(self.meets_until)}"
        )


def parse_meeting_weeks(text: str) -> list[int]:
    """"2,4" → [2, 4]. Raises ValueError with a French message on anything else."""
    try:
        weeks = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    except ValueError:
        raise ValueError("Indiquez les semaines du mois par des chiffres de 1 à 5, séparés par des virgules (ex. : 2,4).") from None
    if not weeks or any(w < 1 or w > 5 for w in weeks):
        raise ValueError("Indiquez les semaines du mois par des chiffres de 1 à 5, séparés par des virgules (ex. : 2,4).")
    return weeks
