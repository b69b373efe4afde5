"""Closure periods of a group (summer break, Christmas week…): the schedule plans no session in them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Select, String, select
from sqlalchemy.orm import Mapped, Session as DbSession, mapped_column, relationship

from shared.dates import fr
from shared.db import Base
from shared.errors import DomainError
from shared.text import SHORT, clean_text
from shared.writes import operation

MAX_CLOSURE_DAYS = 366


class ClosureRuleError(DomainError):
    """A closure period breaks a rule."""


class GroupClosure(Base):
    """The group does not meet from ``starts_on`` to ``ends_on``, both days included."""

    __tablename__ = "group_closure"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(120))

    group: Mapped["Group"] = relationship()  # noqa: F821

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def reason(self) -> str:
        """What the schedule says of a day it skipped: « Fermeture : congés d'été (du 13/07/2026 au 23/08/2026) »."""
        return f"Fermeture : {self.label} (du {fr(self.starts_on)} au {fr(self.ends_on)})"

    def __str__(self) -> str:
        return f"{self.label} ({fr(self.starts_on)} – {fr(self.ends_on)})"


def closures_between(group_id: int, start: dt.date, end: dt.date) -> Select:
    """Closures of the group that overlap [start, end]."""
    return (select(GroupClosure)
            .where(GroupClosure.group_id == group_id, GroupClosure.starts_on <= end, GroupClosure.ends_on >= start)
            .order_by(GroupClosure.starts_on))


def _apply(closure: GroupClosure, *, group, starts_on, ends_on, label) -> GroupClosure:
    if group is None:
        raise ClosureRuleError("Choisissez le groupe.", field="group")
    if starts_on is None:
        raise ClosureRuleError("Indiquez le premier jour de fermeture.", field="starts_on")
    if ends_on is None:
        raise ClosureRuleError("Indiquez le dernier jour de fermeture.", field="ends_on")
    if ends_on < starts_on:
        raise ClosureRuleError("Le dernier jour de fermeture est avant le premier.", field="ends_on")
    if (ends_on - starts_on).days >= MAX_CLOSURE_DAYS:
        raise ClosureRuleError("Une fermeture dure au plus un an : pour arrêter le groupe, rendez-le inactif.",
                               field="ends_on")
    closure.label = clean_text(label, limit=SHORT, field="label", label="le motif (ex. : congés d'été)",
                               required=True)
    closure.group, closure.group_id = group, group.id
    closure.starts_on, closure.ends_on = starts_on, ends_on
    return closure


@operation
def add_closure(db: DbSession, *, group, starts_on: dt.date | None, ends_on: dt.date | None,
                label: str | None) -> GroupClosure:
    """A closure period; sessions already planned in it stay (cancel them to tell people)."""
    closure = _apply(GroupClosure(), group=group, starts_on=starts_on, ends_on=ends_on, label=label)
    db.add(closure)
    return closure


@operation
def update_closure(db: DbSession, closure: GroupClosure, *, group, starts_on: dt.date | None,
                   ends_on: dt.date | None, label: str | None) -> GroupClosure:
    return _apply(closure, group=group, starts_on=starts_on, ends_on=ends_on, label=label)


@operation
def remove_closure(db: DbSession, closure: GroupClosure) -> None:
    db.delete(closure)
