"""An attestation of a person's journey: its items (each with the person's consent and its date), the skills
list admins extend, and a person's request for one, made on the tablet."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.labels import LabelledEnum, enum_column
from shared.types import UTCDateTime

MAX_OWN_WORDS = 300
MAX_SKILL_NAME = 120


class ItemKind(LabelledEnum):
    """What an attestation may say; nothing else can be put in one (``shared.attestations.content``)."""

    GROUP = ("group", "Le groupe et la période")
    SESSIONS = ("sessions", "Le nombre de séances")
    ACTIVITIES = ("activities", "Les activités")
    OBJECTIVE = ("objective", "Un objectif atteint")
    SKILL = ("skill", "Une compétence")
    OWN_WORDS = ("own_words", "Une phrase de la personne")


class Skill(Base):
    """A skill admins added to the built-in list (``shared.attestations.skills.DEFAULT_SKILLS``)."""

    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_SKILL_NAME), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:
        return self.name


class Attestation(Base):
    __tablename__ = "attestation"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    # The public page's address: unguessable, unlisted (shared.attestations.codes).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    # Who signs, as printed the day it was issued: the facilitator and the structure.
    signed_by: Mapped[str] = mapped_column(String(200))
    structure: Mapped[str] = mapped_column(String(300))
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())

    participant: Mapped["Participant"] = relationship()  # noqa: F821
    group: Mapped["Group"] = relationship()  # noqa: F821
    issued_by: Mapped["StaffMember | None"] = relationship(foreign_keys=[issued_by_id])  # noqa: F821
    revoked_by: Mapped["StaffMember | None"] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821
    items: Mapped[list["AttestationItem"]] = relationship(
        back_populates="attestation", cascade="all, delete-orphan", order_by="AttestationItem.position")

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    @property
    def included(self) -> list["AttestationItem"]:
        return [item for item in self.items if item.included]

    def __str__(self) -> str:
        return f"Attestation du {fr(self.issued_on)}"


class AttestationItem(Base):
    """One thing the attestation may say, and whether the person agreed (and when)."""

    __tablename__ = "attestation_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    attestation_id: Mapped[int] = mapped_column(ForeignKey("attestation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind))
    text: Mapped[str] = mapped_column(Text)
    included: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)  # the day the person agreed; None: refused

    attestation: Mapped[Attestation] = relationship(back_populates="items")

    def __str__(self) -> str:
        return f"{self.kind.label} : {self.text}"


class AttestationRequest(Base):
    """« Je demande mon attestation », tapped by the person on the tablet; staff see it until they answer."""

    __tablename__ = "attestation_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)

    participant: Mapped["Participant"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Demande d'attestation du {fr(self.requested_on)}"
