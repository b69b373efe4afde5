"""A recorded exit from the group, with where the person went, and the exit plan that prepares it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.labels import LabelledEnum, enum_column
from shared.types import UTCDateTime


class ExitDestination(LabelledEnum):
    EMPLOYMENT = ("employment", "Emploi")
    TRAINING = ("training", "Formation")
    OTHER_GROUP = ("other_group", "Autre groupe ou association")
    HEALTH_CARE = ("health_care", "Soins")
    MOVED_AWAY = ("moved_away", "Déménagement")
    STOPPED_COMING = ("stopped_coming", "A cessé de venir")
    OTHER = ("other", "Autre")


class Exit(Base):
    __tablename__ = "exit"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"), index=True)
    left_on: Mapped[dt.date] = mapped_column(Date, index=True)
    destination: Mapped[ExitDestination] = mapped_column(enum_column(ExitDestination))
    comment: Mapped[str | None] = mapped_column(Text)
    # The structure the person goes to (``shared.partners``).
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)

    participant: Mapped["Participant"] = relationship()  # noqa: F821
    contract: Mapped["Contract | None"] = relationship()  # noqa: F821
    partner: Mapped["Partner | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Sortie du {fr(self.left_on)} ({self.destination.label})"


class ExitPlan(Base):
    """The exit prepared ahead (projet de sortie): one per contract, updated as it takes shape."""

    __tablename__ = "exit_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), unique=True)
    destination: Mapped[ExitDestination] = mapped_column(enum_column(ExitDestination))
    steps: Mapped[str | None] = mapped_column(Text)
    partners: Mapped[str | None] = mapped_column(Text)  # the partner groups the person is to meet
    target_on: Mapped[dt.date] = mapped_column(Date)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())

    contract: Mapped["Contract"] = relationship()  # noqa: F821
    partner: Mapped["Partner | None"] = relationship()  # noqa: F821
    written_by: Mapped["StaffMember | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Projet de sortie : {self.destination.label} pour le {fr(self.target_on)}"
