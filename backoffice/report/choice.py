"""Which report a staff member asks for: a group they may see (or all of theirs) and a period.

Read from the query string (``group``, ``from``, ``to``) so that a report has a URL one can bookmark
or send. Bad input becomes French messages for the page, never an exception; a group that exists
but is out of the staff member's scope is a 404, like any record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import select

from shared import clock
from shared.alphabetical import alphabetical
from shared.db import id_from_text
from shared.errors import DomainError
from shared.evaluation.models import ActionReview
from shared.evaluation.queries import of_period
from shared.groups.models import Group
from shared.reports.figures import ActivityReport, activity_report
from shared.reports.tables import group_place
from shared.staff.access import scope_condition
from shared.staff.models import Role, StaffMember

from ..extensions import db

ALL = "all"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def visible_groups(staff: StaffMember) -> list[Group]:
    """The groups whose report the staff member may read, by name."""
    query = select(Group).where(scope_condition(Group, staff)).order_by(*alphabetical(Group.name))
    return list(db.session.scalars(query))


def visible_groups_with_review(staff: StaffMember, period_from: dt.date | None,
                               period_to: dt.date | None) -> list[tuple[Group, ActionReview | None]]:
    """``visible_groups``, each with the evaluation of the action written for exactly this period (None if
    none, or if the period is unreadable): the report's list of groups and its evaluation in one query."""
    return list(db.session.execute(
        select(Group, ActionReview).outerjoin(ActionReview, of_period(Group.id, period_from, period_to))
        .where(scope_condition(Group, staff)).order_by(*alphabetical(Group.name))
    ))


def calendar_year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def parse_day(text: str | None) -> dt.date | None:
    """A date typed or picked (AAAA-MM-JJ from a date field, or JJ/MM/AAAA); None if unreadable."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class ReportChoice:
    groups: list[Group] = field(default_factory=list)  # every group the staff member may see
    group: Group | None = None  # None: all of ``groups``
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # what was typed, to show it back
    reviews: dict[int, ActionReview] = field(default_factory=dict)  # by group, for exactly this period

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def args(self) -> dict[str, str]:
        """The query string of this report (for its print view, exports and the evaluation)."""
        return {"group": str(self.group.id) if self.group else ALL,
                "from": self.period_from.isoformat(), "to": self.period_to.isoformat()}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def review(self) -> ActionReview | None:
        """The evaluation of the action written for exactly this group and period, if any."""
        if self.group is None or not self.ok:
            return None
        return self.reviews.get(self.group.id)

    @property
    def place(self) -> str | None:
        return group_place(self.group) if self.group else None

    def label(self, staff: StaffMember) -> str:
        if self.group is not None:
            return self.group.name
        if staff.role is Role.ADMIN:
            return "Tous les groupes"
        names = ", ".join(g.name for g in self.groups)
        return f"Tous mes groupes ({names})" if len(self.groups) > 1 else (names or "Aucun groupe")


def read_choice(args, staff: StaffMember, *, default_year: int | None = None) -> ReportChoice:
    """The period first, so that the groups come with their evaluation of that period (one query)."""
    choice = ReportChoice(raw={k: (args.get(k) or "").strip() for k in ("group", "from", "to")})
    start, end = calendar_year(default_year or clock.today().year)
    choice.period_from = _read_day(choice, "from", start, "Date de début illisible")
    choice.period_to = _read_day(choice, "to", end, "Date de fin illisible")
    if choice.period_from and choice.period_to and choice.period_to < choice.period_from:
        choice.error("to", "La fin de la période doit être après son début.")
    for group, review in visible_groups_with_review(staff, choice.period_from, choice.period_to):
        choice.groups.append(group)
        if review is not None:
            choice.reviews[group.id] = review
    _read_group(choice, choice.raw["group"])
    return choice


def _read_group(choice: ReportChoice, text: str) -> None:
    if text == "" and len(choice.groups) == 1:
        choice.group = choice.groups[0]  # one group: its own report (and its evaluation) by default
    if text in ("", ALL):
        return
    group_id = id_from_text(text)
    if group_id is None:
        choice.error("group", "Choisissez un groupe dans la liste.")
        return
    group = next((g for g in choice.groups if g.id == group_id), None)
    if group is None:
        if db.session.get(Group, group_id) is not None:
            abort(404)  # someone else's group: as if it did not exist
        choice.error("group", "Ce groupe n'existe pas : choisissez-en un dans la liste.")
        return
    choice.group = group


def _read_day(choice: ReportChoice, name: str, default: dt.date, message: str) -> dt.date | None:
    text = choice.raw[name]
    if not text:
        return default
    day = parse_day(text)
    if day is None or not 1900 <= day.year <= 2999:
        choice.error(name, f"{message} : « {text} ». Écrivez-la sous la forme JJ/MM/AAAA.")
        return None
    return day


def build_report(choice: ReportChoice, staff: StaffMember) -> ActivityReport | None:
    """The report for a valid choice; None (with a message) if the domain refuses it."""
    if not choice.ok or not choice.groups:
        return None  # no group at all: nothing to report (the page says so)
    group_ids = None
    if choice.group is None and staff.role is not Role.ADMIN:
        group_ids = [g.id for g in choice.groups]  # "all groups" = all of *theirs*
    try:
        return activity_report(db.session, period_from=choice.period_from, period_to=choice.period_to,
                               group_id=choice.group.id if choice.group else None, group_ids=group_ids,
                               today=clock.today())
    except DomainError as error:
        choice.error(error.field or "to", error.message)
        return None
