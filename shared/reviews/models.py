"""A contract review (mid-term or final): where each objective stands, who took part, what next,
and the person's own self-rating on a few life areas we define ourselves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.contracts.models import ObjectiveStatus
from shared.dates import fr
from shared.db import Base
from shared.labels import LabelledEnum, enum_column
from shared.types import UTCDateTime

MAX_POSITION_COMMENT = 300


class ReviewKind(LabelledEnum):
    MID_TERM = ("mid_term", "Bilan à mi-parcours")
    FINAL = ("final", "Bilan final")


class LifeArea(LabelledEnum):
    """Our own areas, in the person's words (not a licensed scale such as the Outcomes Star)."""

    GOING_OUT = ("going_out", "Sortir de chez moi")
    MEETING_PEOPLE = ("meeting_people", "Rencontrer des gens")
    HEALTH = ("health", "Ma santé")
    DAILY_TASKS = ("daily_tasks", "Les tâches du quotidien")
    CONFIDENCE = ("confidence", "Avoir confiance en moi")
    WORK_PLANS = ("work_plans", "Mes projets de travail")


# Four steps, no neutral one (like the kiosk's moods): the person has to lean one way.
RATING_MIN, RATING_MAX = 1, 4
RATING_LABELS = {1: "Pas du tout", 2: "Un peu", 3: "Plutôt bien", 4: "Tout à fait"}


class ContractReview(Base):
    __tablename__ = "contract_review"
    __table_args__ = (UniqueConstraint("contract_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReviewKind] = mapped_column(enum_column(ReviewKind))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    participant_took_part: Mapped[bool] = mapped_column(Boolean, default=False)
    facilitator_took_part: Mapped[bool] = mapped_column(Boolean, default=False)
    referrer_took_part: Mapped[bool] = mapped_column(Boolean, default=False)
    next_steps: Mapped[str | None] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())

    contract: Mapped["Contract"] = relationship()  # noqa: F821
    written_by: Mapped["StaffMember | None"] = relationship()  # noqa: F821
    positions: Mapped[list["ObjectivePosition"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ObjectivePosition.objective_id"
    )
    self_ratings: Mapped[list["SelfRating"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="SelfRating.id"
    )

    def __str__(self) -> str:
        return f"{self.kind.label} du {fr(self.held_on)}"


class ObjectivePosition(Base):
    """Where the person stands on one objective of the contract, at one review."""

    __tablename__ = "objective_position"
    __table_args__ = (UniqueConstraint("review_id", "objective_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("contract_review.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), index=True)
    status: Mapped[ObjectiveStatus] = mapped_column(enum_column(ObjectiveStatus))
    comment: Mapped[str | None] = mapped_column(String(MAX_POSITION_COMMENT))

    review: Mapped[ContractReview] = relationship(back_populates="positions")
    objective: Mapped["Objective"] = relationship()  # noqa: F821


class SelfRating(Base):
    """The person's own answer, 1 to 4, on one life area, at one review."""

    __tablename__ = "self_rating"
    __table_args__ = (
        UniqueConstraint("review_id", "area"),
        CheckConstraint(f"rating >= {RATING_MIN} AND rating <= {RATING_MAX}", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("contract_review.id", ondelete="CASCADE"), index=True)
    area: Mapped[LifeArea] = mapped_column(enum_column(LifeArea))
    rating: Mapped[int] = mapped_column(Integer)

    review: Mapped[ContractReview] = relationship(back_populates="self_ratings")
