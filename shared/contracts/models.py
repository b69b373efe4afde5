"""The three-party participation contract and its objectives."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.types import UTCDateTime
from shared.labels import LabelledEnum, enum_column


class ObjectiveCategory(LabelledEnum):
    SOCIAL_TIES = ("social_ties", "Liens sociaux")
    OPENING_OUTWARD = ("opening_outward", "Ouverture sur l'extérieur")
    LIFE_PROJECT = ("life_project", "Projet de vie")
    PRE_PROFESSIONAL = ("pre_professional", "Pré-projet professionnel")
    HEALTH = ("health", "Santé")
    AUTONOMY = ("autonomy", "Autonomie")
    OTHER = ("other", "Autre")


class ObjectiveStatus(LabelledEnum):
    OPEN = ("open", "À commencer")
    IN_PROGRESS = ("in_progress", "En cours")
    ACHIEVED = ("achieved", "Atteint")
    DROPPED = ("dropped", "Abandonné")


class Contract(Base):
    __tablename__ = "contract"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        # The contracts of a group in force on a day, read from the index alone (the yearly report
        # pairs every session with them).
        Index("ix_contract_group_in_force", "group_id", "ends_on", "starts_on", "ended_early_on",
              "participant_signed_on", "facilitator_signed_on", "referrer_signed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    referrer_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date, index=True)
    expectations: Mapped[str | None] = mapped_column(Text)
    participant_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    facilitator_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    referrer_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    renews_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract.id", ondelete="SET NULL"), unique=True
    )
    ended_early_on: Mapped[dt.date | None] = mapped_column(Date)
    early_end_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    # Optimistic locking: a second editor working from a stale copy gets a conflict, not an overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)

    participant: Mapped["Participant"] = relationship()  # noqa: F821
    group: Mapped["Group"] = relationship()  # noqa: F821
    facilitator: Mapped["StaffMember"] = relationship(foreign_keys=[facilitator_id])  # noqa: F821
    referrer: Mapped["StaffMember"] = relationship(foreign_keys=[referrer_id])  # noqa: F821
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Objective.id"
    )
    renews: Mapped["Contract | None"] = relationship(
        remote_side=[id], back_populates="renewed_by", foreign_keys=[renews_id]
    )
    renewed_by: Mapped["Contract | None"] = relationship(back_populates="renews", uselist=False)

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        who = self.participant.full_name if self.participant else "?"
        return f"Contrat n°{self.id or '—'} de {who} ({fr(self.starts_on)} → {fr(self.ends_on)})"

    @property
    def signature_count(self) -> int:
        """How many of the three parties have signed (0 to 3)."""
        return sum(day is not None for day in (self.participant_signed_on, self.facilitator_signed_on,
                                               self.referrer_signed_on))

    @hybrid_property
    def is_signed(self) -> bool:
        """All three parties signed: only then can the contract be in force."""
        return (
            self.participant_signed_on is not None
            and self.facilitator_signed_on is not None
            and self.referrer_signed_on is not None
        )

    @is_signed.inplace.expression
    @classmethod
    def _is_signed_expression(cls):
        return and_(
            cls.participant_signed_on.is_not(None),
            cls.facilitator_signed_on.is_not(None),
            cls.referrer_signed_on.is_not(None),
        )

    @hybrid_property
    def last_day(self) -> dt.date:
        """The last day in force: the early end if any, else the planned end."""
        return self.ended_early_on or self.ends_on

    @last_day.inplace.expression
    @classmethod
    def _last_day_expression(cls):
        return func.coalesce(cls.ended_early_on, cls.ends_on)

    @hybrid_method
    def in_force_on(self, day) -> bool:
        return bool(self.is_signed and self.starts_on <= day <= self.last_day)

    @in_force_on.inplace.expression
    @classmethod
    def _in_force_on_expression(cls, day):
        # "ends_on >= day" follows from "last_day >= day" (an early end is never after the planned
        # end); said outright, it lets the database use an index on ends_on.
        return and_(cls.is_signed, cls.starts_on <= day, cls.ends_on >= day, cls.last_day >= day)

    @hybrid_property
    def in_force(self) -> bool:
        return self.in_force_on(clock.today())

    @in_force.inplace.expression
    @classmethod
    def _in_force_expression(cls):
        return cls.in_force_on(clock.today_param())

    @property
    def days_left(self) -> int:
        """Days until the last day in force (0 on the last day, negative once ended)."""
        return (self.last_day - clock.today()).days


class Objective(Base):
    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    wording: Mapped[str] = mapped_column(String(300))
    category: Mapped[ObjectiveCategory] = mapped_column(
        enum_column(ObjectiveCategory), default=ObjectiveCategory.SOCIAL_TIES
    )
    status: Mapped[ObjectiveStatus] = mapped_column(enum_column(ObjectiveStatus), default=ObjectiveStatus.OPEN)

    contract: Mapped[Contract] = relationship(back_populates="objectives")

    def __str__(self) -> str:
        return self.wording
