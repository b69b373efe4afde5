"""The review of the action (évaluation de l'action) written by staff for a group and a period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.types import UTCDateTime


class ActionReview(Base):
    __tablename__ = "action_review"
    __table_args__ = (
        UniqueConstraint("group_id", "period_from", "period_to"),
        CheckConstraint("period_to > period_from", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    strengths: Mapped[str | None] = mapped_column(Text)
    weaknesses: Mapped[str | None] = mapped_column(Text)
    new_strategies: Mapped[str | None] = mapped_column(Text)
    # Outcomes the source asks to record beyond the figures.
    social_ties: Mapped[str | None] = mapped_column(Text)
    valuing_people: Mapped[str | None] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())

    group: Mapped["Group"] = relationship()  # noqa: F821
    written_by: Mapped["StaffMember | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Évaluation de l'action du {fr(self.period_from)} au {fr(self.period_to)}"
