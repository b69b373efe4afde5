"""A partner structure (association, training body, employer...) and the groups that work with it.

A structure's data, never a participant's: its address, its contact person, its phone and e-mail.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.labels import LabelledEnum, enum_column

partner_group = Table(
    "partner_group",
    Base.metadata,
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("group.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PartnerKind(LabelledEnum):
    ASSOCIATION = ("association", "Association")
    TRAINING = ("training", "Organisme de formation")
    EMPLOYER = ("employer", "Employeur")
    INTEGRATION = ("integration", "Structure d'insertion")
    HEALTH = ("health", "Santé et soins")
    COLLECTIVE_ACTION = ("collective_action", "Autre action collective du Département")
    OTHER = ("other", "Autre")


class Partner(Base):
    """A structure of the directory (structure partenaire)."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind))
    address: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))

    groups: Mapped[list["Group"]] = relationship(secondary=partner_group, order_by="Group.name")  # noqa: F821

    def __str__(self) -> str:
        return self.name

    @property
    def group_ids(self) -> set[int]:
        return {group.id for group in self.groups}
