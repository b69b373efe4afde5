"""A participant and their referral to a group by a referring social worker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, literal_column
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from shared.dates import fr
from shared.db import Base
from shared.types import UTCDateTime
from shared.labels import LabelledEnum, enum_column


class Gender(LabelledEnum):
    FEMALE = ("female", "Femme")
    MALE = ("male", "Homme")
    OTHER = ("other", "Autre / non précisé")


class Benefit(LabelledEnum):
    RSA = ("rsa", "RSA")
    RMI = ("rmi", "RMI")
    ASS = ("ass", "ASS (allocation de solidarité spécifique)")
    AAH = ("aah", "AAH")
    NONE = ("none", "Aucune")
    OTHER = ("other", "Autre")


class ParticipantStatus(LabelledEnum):
    """Derived from the records (see ``shared.people.status``), never typed by hand."""

    REFERRED = ("referred", "Orienté(e)")
    ON_TRIAL = ("on_trial", "En essai")
    DECISION_DUE = ("decision_due", "Décision à prendre")
    UNDER_CONTRACT = ("under_contract", "Sous contrat")
    LEFT = ("left", "Sorti(e)")


class Participant(Base):
    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR (birth_year >= 1900 AND birth_year <= 2100)", name="birth_year_range"),
        Index("ix_participant_names", "last_name", "first_name"),  # the people list's order
        # The people list: open files (closed_on IS NULL) counted and read in name order from the index.
        Index("ix_participant_open_names", "closed_on", "last_name", "first_name"),
        # PostgreSQL reads the same lists in French dictionary order (shared.alphabetical, migration 0038).
        Index("ix_participant_alphabetical", literal_column("last_name COLLATE idmix_french"),
              literal_column("first_name COLLATE idmix_french")).ddl_if(dialect="postgresql"),
        Index("ix_participant_open_alphabetical", "closed_on", literal_column("last_name COLLATE idmix_french"),
              literal_column("first_name COLLATE idmix_french")).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The group the person is currently referred to (set by the latest referral).
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender), default=Gender.OTHER)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    town: Mapped[str | None] = mapped_column(String(120))
    benefit: Mapped[Benefit] = mapped_column(enum_column(Benefit), default=Benefit.RSA)
    phone: Mapped[str | None] = mapped_column(String(30))
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    last_contact_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # Kiosk PIN throttling, shared by every server process.
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Locks since the last right PIN: 15 minutes, an hour, then until staff unlock (shared.kiosk.pins).
    pin_lock_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The pictogram the person chose with the facilitator, on their tile and PIN screen (shared.kiosk.symbols).
    symbol: Mapped[str | None] = mapped_column(String(40))
    anonymised_on: Mapped[dt.date | None] = mapped_column(Date)
    # The day the file was closed (archived): out of the lists and the tablet, kept for the reports.
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    # A list row's derived columns, read with the row by the views that ask for them
    # (``shared.people.queries.with_list_summary``); None otherwise.
    listed_attended: Mapped[int | None] = query_expression()
    listed_last_attended_on: Mapped[dt.date | None] = query_expression()
    listed_referrer_name: Mapped[str | None] = query_expression()

    group: Mapped["Group"] = relationship()  # noqa: F821
    referrals: Mapped[list["Referral"]] = relationship(
        back_populates="participant", order_by="Referral.referred_on", cascade="all, delete-orphan"
    )

    @property
    def kiosk_name(self) -> str:
        """What the kiosk shows: first name and initial, e.g. "Fatima B."."""
        initial = self.last_name.strip()[:1].upper()
        return f"{self.first_name.strip()} {initial}." if initial else self.first_name.strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def __str__(self) -> str:
        return self.full_name


class Referral(Base):
    """An orientation: a referring social worker sends a person to a group."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    referrer_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    referred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    expectations: Mapped[str | None] = mapped_column(Text)

    participant: Mapped[Participant] = relationship(back_populates="referrals")
    referrer: Mapped["StaffMember"] = relationship()  # noqa: F821
    group: Mapped["Group"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Orientation du {fr(self.referred_on)}"
